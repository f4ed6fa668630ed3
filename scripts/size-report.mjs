// Size budget, printed in CI: the WebAssembly module, and what `@fluidbench/core` + `@fluidbench/irt-wasm` cost a
// web page (the built dist bundled and minified with esbuild for the browser, then gzip level 9 with zlib).
// The bundle embeds the module as base64, so it counts the WASM a second time, as users pay it.
// Run after `pnpm build`. Prints; it does not fail on a number (the budget is read by people, not enforced).
import { readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { gzipSync } from 'node:zlib';
import { build } from 'esbuild';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const GZIP_LEVEL = 9;

function kib(bytes) {
  return `${(bytes / 1024).toFixed(1)} KiB`;
}

/** Minified, browser-targeted bundle of an entry that imports the given names, resolved like an installed package. */
async function bundle(contents) {
  const result = await build({
    // apps/cli depends on core, so core resolves from there as from any consumer's node_modules
    stdin: { contents, resolveDir: join(root, 'apps/cli'), loader: 'js' },
    bundle: true,
    minify: true,
    format: 'esm',
    platform: 'browser',
    target: 'es2022',
    write: false,
    logLevel: 'silent',
    // the published entry points (dist), never the `source` condition
    conditions: ['import', 'default'],
  });
  return result.outputFiles[0].contents;
}

const wasm = readFileSync(join(root, 'packages/irt-wasm/dist/irt.wasm'));
const wasmGzip = gzipSync(wasm, { level: GZIP_LEVEL }).length;
const core = await bundle("export * from '@fluidbench/core';");
const session = await bundle("export { init, ItemBank, AdaptiveTest } from '@fluidbench/core';");
const rows = [
  ['irt.wasm', wasm.length, wasmGzip],
  ['core + irt-wasm (all exports)', core.length, gzipSync(core, { level: GZIP_LEVEL }).length],
  ['core + irt-wasm (init, ItemBank, AdaptiveTest)', session.length, gzipSync(session, { level: GZIP_LEVEL }).length],
];
console.log('size report (JS: esbuild bundle --minify, browser, es2022; gzip -9 with zlib):');
console.log(`  ${''.padEnd(48)} ${'raw/min'.padStart(10)} ${'gzip'.padStart(10)}`);
for (const [name, raw, gzip] of rows) console.log(`  ${name.padEnd(48)} ${kib(raw).padStart(10)} ${kib(gzip).padStart(10)}`);
