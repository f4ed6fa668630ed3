import { writeFileAtomically } from '@fluidbench/data/node';
import { FluidError } from '@fluidbench/core';

/** Results files are written whole or not at all (temporary file + rename). */
export const writeAtomically = writeFileAtomically;

/**
 * Results go to --out (atomically) or stdout.
 *
 * @example
 * ```ts
 * emit('{"checkpoint":"c1"}\n', undefined); // prints the line on stdout
 * ```
 */
export function emit(text: string, out: string | undefined): void {
  if (out) writeAtomically(out, text);
  else process.stdout.write(text);
}

/**
 * Errors a user can fix print as one line and exit 2; anything else is a bug and keeps its stack.
 *
 * @example
 * ```ts
 * await reportErrors(() => { throw new InvalidArgumentError('--n-max', 'x', 'must be a number'); });
 * // stderr: fluid: --n-max: must be a number (got "x"); process.exitCode === 2
 * ```
 */
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
  return (error as Record<symbol, unknown>)[Symbol.for('fluidbench.error.FluidError')] === true || code === 'ENOENT' || code === 'EACCES' || code === 'EISDIR';
}

/**
 * Logs to stderr unless quiet.
 *
 * @example
 * ```ts
 * log(false, 'fluid run: 10 checkpoint(s)'); // prints the line on stderr
 * ```
 */
export function log(quiet: boolean, message: string): void {
  if (!quiet) process.stderr.write(`${message}\n`);
}

/**
 * A fixed-width text table: the first column left-aligned, the others right-aligned.
 *
 * @example
 * ```ts
 * table(['lm', 'items'], [['a', 5]]); // returns 'lm  items\na       5\n'
 * ```
 */
export function table(header: string[], rows: (string | number)[][]): string {
  const cells = [header, ...rows.map((row) => row.map(String))];
  const widths = header.map((_, c) => Math.max(...cells.map((row) => row[c].length)));
  return `${cells.map((row) => row.map((cell, c) => (c === 0 ? cell.padEnd(widths[c]) : cell.padStart(widths[c]))).join('  ')).join('\n')}\n`;
}
