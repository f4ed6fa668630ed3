// Lints every publishable package the way npm will see it: `pnpm pack` into a temporary folder (which rewrites
// `workspace:*` to real versions), then `publint --strict` and `attw --profile esm-only` on each tarball.
// Run after `pnpm build`. Exits non-zero on any finding.
//
// Why these settings:
// - `attw --profile esm-only`: the packages are ESM only by design (`"type": "module"`, no `require` condition),
//   so the node10 and CommonJS-importer rows are expected to fail and are not checked.
// - `./irt.wasm` is a binary asset export, not a module with types, so attw does not analyse it.
// - The `source` export condition points at `src/*.ts`, which `files` leaves out of the tarball on purpose: it
//   only serves in-repo tests and bundling, and no published resolver asks for a condition named `source`.
//   publint does not report unknown conditions whose target is missing; the check below makes sure none of the
//   standard conditions (`types`, `import`, `default`) points outside the tarball.
import { spawnSync } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(fileURLToPath(new URL('..', import.meta.url)));
const bin = (name) => join(root, 'node_modules', '.bin', name);

/** Publishable packages and the attw options each needs. */
const PUBLISHABLE = [
  { dir: 'packages/irt-wasm', attw: ['--exclude-entrypoints', './irt.wasm'] },
  { dir: 'packages/core', attw: [] },
  { dir: 'packages/data', attw: [] },
  { dir: 'packages/harness', attw: [] },
  { dir: 'apps/cli', attw: [] },
];

function run(command, args, cwd) {
  const result = spawnSync(command, args, { cwd, encoding: 'utf8' });
  return { ok: result.status === 0, output: `${result.stdout ?? ''}${result.stderr ?? ''}`.trim() };
}

/** The packed package.json, read from the tarball with tar. */
function packedManifest(tarball) {
  const listing = spawnSync('tar', ['-xOzf', tarball, 'package/package.json'], { encoding: 'utf8' });
  return JSON.parse(listing.stdout);
}

function packedFiles(tarball) {
  const listing = spawnSync('tar', ['-tzf', tarball], { encoding: 'utf8' });
  return new Set(listing.stdout.trim().split('\n').map((line) => `./${line.replace(/^package\//, '')}`));
}

/** Every standard export target must be inside the tarball; dependencies must not say `workspace:`. */
function manifestProblems(tarball) {
  const manifest = packedManifest(tarball);
  const files = packedFiles(tarball);
  const problems = [];
  for (const [field, deps] of Object.entries({ dependencies: manifest.dependencies, peerDependencies: manifest.peerDependencies })) {
    for (const [name, range] of Object.entries(deps ?? {})) {
      if (String(range).startsWith('workspace:')) problems.push(`${field}.${name} is still "${range}" in the tarball`);
    }
  }
  for (const [entry, target] of Object.entries(manifest.exports ?? {})) {
    const conditions = typeof target === 'string' ? { default: target } : target;
    const keys = Object.keys(conditions);
    if (typeof target !== 'string' && keys[0] !== 'types') problems.push(`exports["${entry}"]: "types" must come first (got ${keys.join(', ')})`);
    for (const [condition, path] of Object.entries(conditions)) {
      if (condition === 'source') continue;
      if (!files.has(path)) problems.push(`exports["${entry}"].${condition} points to ${path}, which is not in the tarball`);
    }
  }
  if (manifest.sideEffects !== false) problems.push('sideEffects must be false');
  return problems;
}

const scratch = mkdtempSync(join(tmpdir(), 'fluidbench-lint-'));
let failures = 0;
try {
  for (const { dir, attw } of PUBLISHABLE) {
    const packageDir = join(root, dir);
    const before = new Set(readdirSync(scratch));
    const pack = run('pnpm', ['pack', '--pack-destination', scratch], packageDir);
    const tarball = readdirSync(scratch).find((name) => name.endsWith('.tgz') && !before.has(name));
    if (!pack.ok || !tarball) {
      console.log(`✗ ${dir}: pnpm pack failed\n${pack.output}`);
      failures++;
      continue;
    }
    const tarballPath = join(scratch, tarball);
    const checks = [
      ['publint --strict', run(bin('publint'), ['run', tarballPath, '--strict'], packageDir)],
      ['attw', run(bin('attw'), [tarballPath, '--profile', 'esm-only', '--format', 'ascii', '--no-color', ...attw], packageDir)],
    ];
    const problems = manifestProblems(tarballPath);
    checks.push(['manifest', { ok: problems.length === 0, output: problems.join('\n') }]);
    for (const [name, result] of checks) {
      if (result.ok) continue;
      failures++;
      console.log(`✗ ${dir}: ${name}\n${result.output}`);
    }
    if (checks.every(([, result]) => result.ok)) console.log(`✓ ${dir} (${tarball}): publint --strict, attw (esm-only), manifest`);
  }
} finally {
  rmSync(scratch, { recursive: true, force: true });
}
if (failures > 0) {
  console.log(`lint:packages: ${failures} problem(s)`);
  process.exitCode = 1;
}
