import { defineConfig } from 'tsup';
import { libraryBuild } from '../../tsup.base';

// clean: false keeps dist/irt.wasm, which the embed step copies there before tsup runs
export default defineConfig(libraryBuild(['src/index.ts'], { clean: false }));
