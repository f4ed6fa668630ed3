import { nodeProject } from '../../vitest.shared.ts';

// Node tests of the page's pure parts, and the end-to-end test that drives the built site in Chromium.
export default nodeProject('explorer', { testTimeout: 120_000 });
