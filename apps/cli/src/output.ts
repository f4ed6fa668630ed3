import { resolve } from 'node:path';
import { InvalidArgumentError, writeFileAtomically, writeFilesAtomically } from '@fluidbench/data/node';

/** Results files are written whole or not at all (temporary file + rename). */
export const writeAtomically = writeFileAtomically;

/** One output of a command: the flag that named it, its path (undefined: stdout) and its text. */
export interface Output {
  flag: string;
  path: string | undefined;
  text: string;
}

/**
 * Refuses, before any work is done, two outputs named by the same path (`--out x --truth x`) and an output
 * that would overwrite one of the inputs.
 *
 * @example
 * ```ts
 * checkDistinctOutputs({ out: 'a.csv', truth: 'a.csv' });
 * // throws InvalidArgumentError: --truth: the same file as --out; give each output its own file (got "a.csv")
 * ```
 */
export function checkDistinctOutputs(outputs: Record<string, string | undefined>, inputs: Record<string, string | undefined> = {}): void {
  const inputFlags = new Map<string, string>();
  for (const [flag, path] of Object.entries(inputs)) if (path !== undefined) inputFlags.set(resolve(path), flag);
  const seen = new Map<string, string>();
  for (const [flag, path] of Object.entries(outputs)) {
    if (path === undefined) continue;
    const key = resolve(path);
    const earlier = seen.get(key);
    if (earlier !== undefined) throw new InvalidArgumentError(`--${flag}`, path, `the same file as --${earlier}; give each output its own file`);
    const input = inputFlags.get(key);
    if (input !== undefined) throw new InvalidArgumentError(`--${flag}`, path, `the same file as the input --${input}; it would be overwritten`);
    seen.set(key, flag);
  }
}

/**
 * Writes a command's outputs all or none: the files together (every temporary file complete before any
 * rename), then stdout (for the output without a path).
 *
 * @example
 * ```ts
 * emitAll([{ flag: 'out', path: 'irt.csv', text: ',a,b\n' }, { flag: 'abilities', path: 'abilities.csv', text: 'subject,theta\n' }]);
 * ```
 */
export function emitAll(outputs: readonly Output[]): void {
  const files = outputs.filter((output) => output.path !== undefined).map((output) => ({ path: output.path!, content: output.text }));
  if (files.length > 0) writeFilesAtomically(files);
  for (const output of outputs) if (output.path === undefined) process.stdout.write(output.text);
}

/**
 * Results go to --out (atomically) or stdout.
 *
 * @example
 * ```ts
 * emit('{"checkpoint":"c1"}\n', undefined); // prints the line on stdout
 * ```
 */
export function emit(text: string, out: string | undefined): void {
  emitAll([{ flag: 'out', path: out, text }]);
}

/**
 * Runs a command's action. Errors are reported by the command runner (`runCommandLine`): one line and
 * status 2 for input a user can fix, status 1 for an output that cannot be written.
 *
 * @example
 * ```ts
 * await reportErrors(() => { throw new InvalidArgumentError('--n-max', 'x', 'must be a number'); });
 * // stderr (from the runner): fluid: --n-max: must be a number (got "x"); process.exitCode === 2
 * ```
 */
export async function reportErrors(action: () => Promise<void> | void): Promise<void> {
  await action();
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
