import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const here = dirname(fileURLToPath(import.meta.url));
export const repoRoot = resolve(here, '../../..');
export const cliPath = join(repoRoot, 'apps/cli/dist/cli.js');
export const fixturesDir = join(repoRoot, 'fixtures');
export const referenceScript = resolve(repoRoot, '../shared/reference/ref_numpy.py');

/** Runs the built `fluid` command (the tests run after `pnpm build`, as `pnpm test` does). */
export function fluid(args: string[], options: { cwd?: string; env?: NodeJS.ProcessEnv } = {}) {
  if (!existsSync(cliPath)) throw new Error(`${cliPath} is missing: run \`pnpm build\` first`);
  const run = spawnSync(process.execPath, [cliPath, ...args], { encoding: 'utf8', cwd: options.cwd ?? repoRoot, env: { ...process.env, ...options.env } });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

/** Whether python3 with numpy can run the reference engine here. */
export function hasNumpyReference(): boolean {
  if (!existsSync(referenceScript)) return false;
  return spawnSync('python3', ['-c', 'import numpy'], { encoding: 'utf8' }).status === 0;
}

/** The built `fluid` command, run asynchronously (for tests whose simulated server lives in this process). */
export function fluidAsync(args: string[], options: { env?: NodeJS.ProcessEnv; onSpawn?: (child: ReturnType<typeof spawn>) => void } = {}) {
  return new Promise<{ status: number | null; signal: NodeJS.Signals | null; stdout: string; stderr: string }>((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...options.env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status, signal) => resolve({ status, signal, stdout, stderr }));
    options.onSpawn?.(child);
  });
}
