// The build every library package shares: ESM with declarations and source maps, for Node 20+ and browsers.
// Each package's tsup.config.ts names only its entries (and what it does differently).
import type { Options } from 'tsup';

/**
 * tsup options of a library package.
 *
 * @example
 * ```ts
 * export default defineConfig(libraryBuild(['src/index.ts', 'src/node.ts']));
 * libraryBuild(['src/index.ts']).target; // returns 'es2022'
 * ```
 */
export function libraryBuild(entry: string[], overrides: Options = {}): Options {
  return { entry, format: ['esm'], dts: true, sourcemap: true, clean: true, target: 'es2022', ...overrides };
}
