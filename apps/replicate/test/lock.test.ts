import { spawnSync } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { LOCK_FILE, lockFolder } from '../src/lock';
import { workersArg } from '../src/workers';
import { runCli, scratchDir } from './helpers';

/** The pid of a process that has already exited. */
function deadPid(): number {
  const child = spawnSync(process.execPath, ['-e', 'process.stdout.write(String(process.pid))'], { encoding: 'utf8' });
  return Number(child.stdout);
}

describe('the --out lock', () => {
  it('is taken, names its holder, and is released', () => {
    const out = scratchDir('lock');
    const release = lockFolder(out, () => {});
    const holder = JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8'));
    expect(holder).toMatchObject({ pid: process.pid, host: hostname() });
    expect(() => lockFolder(out, () => {})).toThrow(new RegExp(`in use by another fluid-replicate run \\(pid ${process.pid} on ${hostname()}, started ${holder.started}\\)`));
    release();
    expect(existsSync(join(out, LOCK_FILE))).toBe(false);
  });

  it('takes over a stale lock from a process that is gone, and says so', () => {
    const out = scratchDir('stale');
    const pid = deadPid();
    writeFileSync(join(out, LOCK_FILE), `${JSON.stringify({ pid, host: hostname(), started: '2026-01-01T00:00:00.000Z' })}\n`);
    const messages: string[] = [];
    const release = lockFolder(out, (message) => messages.push(message));
    expect(messages).toEqual([`fluid-replicate: took over a stale lock on ${out} (pid ${pid} on ${hostname()}, started 2026-01-01T00:00:00.000Z, no longer running)`]);
    expect(JSON.parse(readFileSync(join(out, LOCK_FILE), 'utf8')).pid).toBe(process.pid);
    release();
  });

  it('a second run on a held folder refuses with one line and writes nothing', () => {
    const out = scratchDir('held');
    // this test process is alive: its lock is held
    writeFileSync(join(out, LOCK_FILE), `${JSON.stringify({ pid: process.pid, host: hostname(), started: '2026-11-29T10:00:00.000Z' })}\n`);
    const run = runCli(['--out', out, '--scale', '0.02', '--workers', '1', '--quiet']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim().split('\n')).toHaveLength(1);
    expect(run.stderr).toMatch(new RegExp(`^fluid-replicate: --out: in use by another fluid-replicate run \\(pid ${process.pid} on .+, started 2026-11-29T10:00:00.000Z\\)`));
    expect(existsSync(join(out, 'experiments.jsonl'))).toBe(false);
  });
});

describe('--workers', () => {
  it('is capped at the number of cores, with a word on stderr', () => {
    const said: string[] = [];
    expect(workersArg('1000', 2, (message) => said.push(message))).toBe(2);
    expect(said).toEqual(['fluid-replicate: --workers 1000 capped at 2, the number of cores here']);
    expect(workersArg('1', 2, () => {})).toBe(1);
    expect(workersArg(undefined, 4, () => {})).toBe(4);
    expect(() => workersArg('0', 2, () => {})).toThrow('--workers: must be a whole number ≥ 1 (got "0")');
  });

  it('refuses unknown flags as fluid does', () => {
    const run = runCli(['--worker', '2']);
    expect(run.status).toBe(2);
    expect(run.stderr.trim()).toBe('fluid-replicate: unknown option --worker (did you mean --workers?); see fluid-replicate --help');
  });
});
