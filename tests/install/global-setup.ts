// Packs the publishable packages with pnpm (which rewrites `workspace:*` to real versions), installs the tarballs
// with npm into a scratch ESM project in a temporary folder, and hands its path to the tests. Needs `pnpm build`.
import { execFile } from 'node:child_process';
import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { promisify } from 'node:util';
import type { TestProject } from 'vitest/node';
import { PUBLISHABLE, cleanEnv, repoRoot } from './helpers';

const run = promisify(execFile);

declare module 'vitest' {
  export interface ProvidedContext {
    scratch: string;
  }
}

export default async function setup(project: TestProject) {
  for (const dir of PUBLISHABLE) {
    if (!existsSync(join(repoRoot, dir, 'dist'))) throw new Error(`${dir}/dist is missing: run \`pnpm build\` before the install tests`);
  }
  const scratch = mkdtempSync(join(tmpdir(), 'fluidbench-install-'));
  const tarballs = join(scratch, 'tarballs');
  mkdirSync(tarballs);
  await Promise.all(PUBLISHABLE.map((dir) => run('pnpm', ['pack', '--pack-destination', tarballs], { cwd: join(repoRoot, dir), env: cleanEnv() })));
  const consumer = join(scratch, 'project');
  mkdirSync(consumer);
  writeFileSync(join(consumer, 'package.json'), `${JSON.stringify({ name: 'scratch', private: true, type: 'module' }, null, 2)}\n`);
  const packed = readdirSync(tarballs).map((name) => join(tarballs, name));
  await run('npm', ['install', '--no-audit', '--no-fund', '--prefer-offline', '--loglevel=error', ...packed], {
    cwd: consumer,
    env: cleanEnv(),
  });
  // what a user writes: a session script, a page, and the worker example as documented in examples/worker
  cpSync(join(repoRoot, 'tests/install/scratch'), consumer, { recursive: true });
  cpSync(join(repoRoot, 'examples/worker'), join(consumer, 'worker'), {
    recursive: true,
    filter: (source) => !source.endsWith('package.json') && !source.includes('node_modules') && !source.includes('/dist'),
  });
  project.provide('scratch', consumer);
  return () => rmSync(scratch, { recursive: true, force: true });
}
