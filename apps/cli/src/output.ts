import { randomBytes } from 'node:crypto';
import { renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join } from 'node:path';
import { FluidError } from '@fluidbench/core';

/**
 * Writes `text` to `path` through a temporary file in the same folder and a rename, so a reader never
 * sees a half-written file and an interrupted run leaves the old file (or none).
 *
 * @example
 * ```ts
 * writeAtomically('results.jsonl', '{"checkpoint":"c1"}\n');
 * ```
 */
export function writeAtomically(path: string, text: string): void {
  const temporary = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.partial`);
  try {
    writeFileSync(temporary, text);
    renameSync(temporary, path);
  } catch (error) {
    rmSync(temporary, { force: true });
    throw error;
  }
}

/** Results go to --out (atomically) or stdout. */
export function emit(text: string, out: string | undefined): void {
  if (out) writeAtomically(out, text);
  else process.stdout.write(text);
}

/** Errors a user can fix print as one line and exit 2; anything else is a bug and keeps its stack. */
export async function reportErrors(action: () => Promise<void> | void): Promise<void> {
  try {
    await action();
  } catch (error) {
    if (FluidError.isInstance(error) || isMarked(error)) {
      process.stderr.write(`fluid: ${(error as Error).message}\n`);
      process.exitCode = 2;
      return;
    }
    throw error;
  }
}

function isMarked(error: unknown): boolean {
  if (typeof error !== 'object' || error === null) return false;
  const code = (error as { code?: string }).code;
  return (error as Record<symbol, unknown>)[Symbol.for('fluidbench.error')] === true || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR';
}

/** Logs to stderr unless quiet. */
export function log(quiet: boolean, message: string): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

/** A fixed-width text table. */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return `${cells.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n')}\n`;
}
