// One run at a time per output folder: two runs appending to the same experiments.jsonl would double every
// row. The lock is a file created exclusively (O_EXCL) that names its holder; a lock whose process is gone
// (same host, no such pid) is stale and taken over, with a word on stderr.
import { closeSync, mkdirSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { hostname } from 'node:os';
import { join } from 'node:path';
import { InvalidArgumentError } from '@fluidbench/core';

/** The lock file's name inside the output folder. */
export const LOCK_FILE = '.fluid-replicate.lock';

/** Who holds a lock. */
export interface LockHolder {
  pid: number;
  host: string;
  /** ISO 8601 start time. */
  started: string;
}

/**
 * Takes the lock on `folder` (creating the folder), or throws naming the run that holds it. Returns the
 * release function (removes the lock file if it is still ours).
 *
 * @throws {InvalidArgumentError} when a live run (or one on another host) holds the lock.
 * @example
 * ```ts
 * const release = lockFolder('results', (message) => console.error(message));
 * try { ... } finally { release(); }
 * ```
 */
export function lockFolder(folder: string, log: (message: string) => void): () => void {
  try {
    mkdirSync(folder, { recursive: true });
  } catch (error) {
    if ((error as { code?: string }).code === 'EEXIST') throw new InvalidArgumentError('--out', folder, 'is a file (or a part of its path is); expected a folder');
    throw error;
  }
  const path = join(folder, LOCK_FILE);
  const me: LockHolder = { pid: process.pid, host: hostname(), started: new Date().toISOString() };
  for (let attempt = 0; attempt < 2; attempt++) {
    try {
      const fd = openSync(path, 'wx');
      writeSync(fd, `${JSON.stringify(me)}\n`);
      closeSync(fd);
      return () => {
        if (readHolder(path)?.pid === me.pid) rmSync(path, { force: true });
      };
    } catch (error) {
      if ((error as { code?: string }).code !== 'EEXIST') throw error;
    }
    const holder = readHolder(path);
    if (holder && !(holder.host === me.host && !isAlive(holder.pid))) {
      throw new InvalidArgumentError('--out', folder, `in use by another fluid-replicate run (pid ${holder.pid} on ${holder.host}, started ${holder.started}); wait for it to finish, or remove ${path} if that run is gone`);
    }
    // stale (its process is gone) or unreadable (cut short while being written): take it over
    log(`fluid-replicate: took over a stale lock on ${folder}${holder ? ` (pid ${holder.pid} on ${holder.host}, started ${holder.started}, no longer running)` : ' (unreadable lock file)'}`);
    rmSync(path, { force: true });
  }
  throw new InvalidArgumentError('--out', folder, `could not take the lock ${path}: another run took it at the same moment`);
}

function readHolder(path: string): LockHolder | undefined {
  try {
    const holder = JSON.parse(readFileSync(path, 'utf8')) as Partial<LockHolder>;
    if (Number.isSafeInteger(holder.pid) && typeof holder.host === 'string' && typeof holder.started === 'string') return holder as LockHolder;
  } catch {
    // missing or not JSON: no usable holder
  }
  return undefined;
}

function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    // EPERM: it exists but belongs to someone else
    return (error as { code?: string }).code === 'EPERM';
  }
}
