// Runs a citty-shaped command tree (meta, args, lazy subCommands, run) with the rules both fluidbench CLIs
// promise: strict flags (parseFlags), exit 2 with one line for anything the user can fix, 1 with one line
// when the output cannot be written (a full disk), 0 and silence when the reader of stdout went away
// (`fluid run … | head`), and a stack trace only for a bug. No colour is ever written, so nothing depends
// on a terminal or on NO_COLOR.
import { UsageError } from './errors';
import { closestName, parseFlags, type FlagSpec, type FlagValues } from './command-line';

type Resolvable<T> = T | Promise<T> | (() => T | Promise<T>);

/**
 * The parts of a citty `CommandDef` the runner reads: `meta` ({ name, version, description }), `args`
 * (flags as {@link FlagSpec}), `subCommands` (name -> command, each possibly lazy) and `run`. Typed loosely
 * so citty's own types fit without this package depending on citty.
 */
export interface CommandLike {
  meta?: unknown;
  args?: unknown;
  subCommands?: unknown;
  run?: (context: never) => unknown;
}
type Meta = { name?: string; version?: string; description?: string } | undefined;
type Flags = Record<string, FlagSpec> | undefined;
type SubCommands = Record<string, Resolvable<CommandLike>> | undefined;
type RunContext = { args: FlagValues; rawArgs: string[]; cmd: CommandLike };

// Errors from the file system that a user fixes (a wrong path, a folder given as a file, permissions).
const INPUT_ERRORS: Record<string, string> = {
  ENOENT: 'no such file or directory',
  EACCES: 'permission denied',
  EPERM: 'operation not permitted',
  EISDIR: 'is a directory, expected a file',
  ENOTDIR: 'a part of the path is not a folder',
  EEXIST: 'already exists',
  ENAMETOOLONG: 'the name is too long',
  ELOOP: 'too many symbolic links',
  EROFS: 'read-only file system',
  EILSEQ: 'illegal byte sequence in the name',
};
// Errors where the input was fine but the output could not be written: status 1.
const OUTPUT_ERRORS: Record<string, string> = {
  ENOSPC: 'no space left on device',
  EDQUOT: 'disk quota exceeded',
  EFBIG: 'file too large',
  EIO: 'input/output error',
};

/** Exit statuses: 2 for input a user can fix, 1 when the output cannot be written (or a bug). */
export const EXIT_USAGE = 2;
export const EXIT_FAILURE = 1;

/**
 * Runs a command line against a command tree and sets `process.exitCode`. Never throws.
 *
 * @example
 * ```ts
 * await runCommandLine(main, { name: 'fluid', tokens: ['run', '--nmax', '5'] });
 * // stderr: fluid run: unknown option --nmax (did you mean --n-max?); see fluid run --help
 * // process.exitCode === 2
 * ```
 */
export async function runCommandLine(main: CommandLike, options: { name: string; tokens?: readonly string[] }): Promise<void> {
  const { name } = options;
  guardStream(process.stdout, name);
  guardStream(process.stderr, name);
  try {
    await dispatch(main, [...(options.tokens ?? process.argv.slice(2))], [name]);
  } catch (error) {
    reportError(error, name);
  }
}

async function dispatch(command: CommandLike, tokens: string[], path: string[]): Promise<void> {
  const label = path.join(' ');
  const subCommands = await resolve(command.subCommands as Resolvable<SubCommands>);
  const helpAt = tokens.findIndex((token) => token === '--help' || token === '-h' || token === '--');
  const wantsHelp = helpAt >= 0 && tokens[helpAt] !== '--';
  if (subCommands && Object.keys(subCommands).length > 0) {
    const [first, ...rest] = tokens;
    if (first === undefined || first === '--help' || first === '-h') {
      if (first === undefined) throw new UsageError(`${label}: no command given; commands: ${Object.keys(subCommands).join(', ')} (see ${label} --help)`);
      process.stdout.write(await usage(command, label));
      return;
    }
    if ((first === '--version' || first === '-v') && path.length === 1) {
      const meta = await resolve(command.meta as Resolvable<Meta>);
      process.stdout.write(`${meta?.version ?? 'unknown'}\n`);
      return;
    }
    if (!(first in subCommands)) {
      const closest = closestName(first, Object.keys(subCommands));
      const what = first.startsWith('-') ? `expected a command before the options, got ${first}` : `unknown command ${JSON.stringify(first)}`;
      throw new UsageError(`${label}: ${what}${closest ? ` (did you mean ${closest}?)` : ''}; commands: ${Object.keys(subCommands).join(', ')}`);
    }
    return dispatch(await resolve(subCommands[first]), rest, [...path, first]);
  }
  if (wantsHelp) {
    process.stdout.write(await usage(command, label));
    return;
  }
  const args = parseFlags(tokens, (await resolve(command.args as Resolvable<Flags>)) ?? {}, label);
  await (command.run as ((context: RunContext) => unknown) | undefined)?.({ args, rawArgs: tokens, cmd: command });
}

async function resolve<T>(value: Resolvable<T>): Promise<T> {
  return typeof value === 'function' ? (value as () => T | Promise<T>)() : value;
}

async function usage(command: CommandLike, label: string): Promise<string> {
  const meta = await resolve(command.meta as Resolvable<Meta>);
  const lines = [`${label}${meta?.description ? `: ${meta.description}` : ''}`, ''];
  const subCommands = await resolve(command.subCommands as Resolvable<SubCommands>);
  if (subCommands && Object.keys(subCommands).length > 0) {
    lines.push(`usage: ${label} <command> [options]`, '', 'commands:');
    const rows: [string, string][] = [];
    for (const [key, sub] of Object.entries(subCommands)) rows.push([key, (await resolve((await resolve(sub)).meta as Resolvable<Meta>))?.description ?? '']);
    lines.push(...columns(rows), '', `${label} <command> --help shows a command's options`);
  } else {
    lines.push(`usage: ${label} [options]`, '', 'options:');
    const flags = (await resolve(command.args as Resolvable<Flags>)) ?? {};
    const rows: [string, string][] = Object.entries(flags).map(([key, spec]) => {
      const aliases = spec.alias === undefined ? [] : typeof spec.alias === 'string' ? [spec.alias] : spec.alias;
      const spelling = [key, ...aliases].map((flag) => `--${flag}`).join(', ') + (spec.type === 'string' ? ' VALUE' : '');
      const notes = [spec.required ? 'required' : '', spec.multiple ? 'repeatable' : '', spec.default !== undefined && spec.default !== false ? `default ${String(spec.default)}` : '']
        .filter(Boolean);
      return [spelling, `${spec.description ?? ''}${notes.length ? ` (${notes.join('; ')})` : ''}`];
    });
    lines.push(...columns(rows));
  }
  return `${lines.join('\n')}\n`;
}

function columns(rows: [string, string][]): string[] {
  const width = Math.max(...rows.map(([left]) => left.length));
  return rows.map(([left, right]) => `  ${left.padEnd(width)}  ${right}`);
}

/**
 * The one line a CLI prints for an error it expects, and the exit status; `undefined` for a bug.
 *
 * @example
 * ```ts
 * describeError(Object.assign(new Error('EISDIR: illegal operation on a directory, read'), { code: 'EISDIR', path: '.' }));
 * // returns { line: '.: is a directory, expected a file', status: 2 }
 * ```
 */
export function describeError(error: unknown): { line: string; status: number } | undefined {
  if (isFluidError(error)) return { line: oneLine((error as Error).message), status: EXIT_USAGE };
  const system = error as { code?: unknown; path?: unknown; dest?: unknown; message?: unknown } | null;
  const code = typeof system?.code === 'string' ? system.code : undefined;
  if (code === undefined) return undefined;
  const where = typeof system?.path === 'string' ? `${system.path}: ` : '';
  if (code in INPUT_ERRORS) return { line: `${where}${INPUT_ERRORS[code]}`, status: EXIT_USAGE };
  if (code in OUTPUT_ERRORS) return { line: `${where}${OUTPUT_ERRORS[code]}`, status: EXIT_FAILURE };
  if (code === 'ERR_INVALID_ARG_VALUE' && typeof system?.message === 'string' && system.message.includes('null bytes')) {
    return { line: 'a path contains a NUL byte', status: EXIT_USAGE };
  }
  return undefined;
}

// Every error any fluidbench package throws on purpose carries the family's registered symbol (see errors.ts).
// (The bare 'fluidbench.error' is the earlier spelling of that symbol, still carried by some packages.)
const FAMILY_MARKERS = [Symbol.for('fluidbench.error.FluidError'), Symbol.for('fluidbench.error')];

function isFluidError(error: unknown): boolean {
  return typeof error === 'object' && error !== null && FAMILY_MARKERS.some((marker) => (error as Record<symbol, unknown>)[marker] === true);
}

function reportError(error: unknown, name: string): void {
  if ((error as { code?: unknown } | null)?.code === 'EPIPE') {
    process.exitCode = 0;
    return;
  }
  const known = describeError(error);
  if (known) {
    // a UsageError already names the command (`fluid run: unknown option …`)
    const line = UsageError.isInstance(error) ? known.line : `${name}: ${known.line}`;
    writeLastWords(`${line}\n`);
    process.exitCode = known.status;
    return;
  }
  writeLastWords(`${name}: internal error (please report it): ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exitCode = EXIT_FAILURE;
}

function oneLine(message: string): string {
  return message.replace(/\s*\n\s*/g, '; ');
}

function writeLastWords(text: string): void {
  try {
    process.stderr.write(text);
  } catch {
    // stderr is gone too: the status says enough
  }
}

// A reader that closes the pipe (`| head`) ends the run quietly with status 0, as Unix tools do; a full disk
// under stdout (`> /dev/full`) is one line and status 1. Both arrive as 'error' events on the stream.
// process.exit is needed here: the pipe is gone, and work still queued would only write into it again.
function guardStream(stream: NodeJS.WriteStream, name: string): void {
  if (stream.listenerCount('error') > 0) return;
  stream.on('error', (error: NodeJS.ErrnoException) => {
    if (error.code === 'EPIPE') process.exit(0);
    const known = describeError(error);
    if (stream === process.stdout) writeLastWords(`${name}: cannot write the output: ${known?.line ?? error.message}\n`);
    process.exit(EXIT_FAILURE);
  });
}
