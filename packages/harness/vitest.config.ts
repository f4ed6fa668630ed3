import { nodeProject } from '../../vitest.shared.ts';

export default nodeProject('harness', { testTimeout: 60_000 });
