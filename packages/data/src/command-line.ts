// The grammar both command lines (`fluid`, `fluid-replicate`) share: flags, numbers and lists are read one
// way everywhere. It lives here because the number grammar is the CSV reader's (cells.ts) and both CLIs
// already depend on this package; nothing new enters the dependency graph. Browser-safe (no node: imports).
import { parseNumberCell } from './cells';
import { InvalidArgumentError, UsageError } from './errors';

/** One flag of a command, as citty declares it (`type`, `default`, `alias`), plus `multiple` for repeatable flags. */
export interface FlagSpec {
  type: 'string' | 'boolean';
  description?: string;
  default?: string | boolean;
  /** Other spellings (without dashes), e.g. `'select'` for `--selector`. */
  alias?: string | readonly string[];
  /** May be given more than once; the values are collected in order (`string[]`). */
  multiple?: boolean;
  required?: boolean;
}

/** Parsed flag values: a string, a list of strings (multiple flags) or a boolean, under the flag's own name. */
export type FlagValues = Record<string, string | string[] | boolean | undefined>;

/**
 * Reads a command's arguments strictly: every token must be a declared flag (or one of its aliases), a
 * value flag must have a non-empty value, a flag given twice must be declared `multiple`, and there are
 * no positional arguments. Errors name the flag and the closest known one.
 *
 * @throws {UsageError} for an unknown flag, a stray argument, a missing or empty value, a repeated flag.
 * @example
 * ```ts
 * parseFlags(['--n-max=20', '--quiet'], { 'n-max': { type: 'string', default: '500' }, quiet: { type: 'boolean' } }, 'fluid run');
 * // returns { 'n-max': '20', quiet: true }
 * parseFlags(['--nmax', '5'], { 'n-max': { type: 'string' } }, 'fluid run');
 * // throws UsageError: fluid run: unknown option --nmax (did you mean --n-max?)
 * ```
 */
export function parseFlags(tokens: readonly string[], flags: Readonly<Record<string, FlagSpec>>, command: string): FlagValues {
  const byName = new Map<string, string>();
  for (const [name, spec] of Object.entries(flags)) {
    byName.set(name, name);
    for (const alias of aliasesOf(spec)) byName.set(alias, name);
  }
  const values: FlagValues = {};
  const givenAs = new Map<string, string>();
  for (let i = 0; i < tokens.length; i++) {
    const token = tokens[i];
    if (token === '--') {
      if (i + 1 < tokens.length) throw new UsageError(`${command}: unexpected argument ${JSON.stringify(tokens[i + 1])}; this command takes options only`);
      break;
    }
    if (!token.startsWith('-') || token === '-' || isNumberLike(token)) {
      const hint = byName.has(token) ? ` (did you mean --${token}?)` : '';
      throw new UsageError(`${command}: unexpected argument ${JSON.stringify(token)}${hint}; this command takes options only`);
    }
    const equals = token.indexOf('=');
    const spelled = (equals < 0 ? token : token.slice(0, equals)).replace(/^--?/, '');
    const inline = equals < 0 ? undefined : token.slice(equals + 1);
    let name = byName.get(spelled);
    let negated = false;
    if (name === undefined && spelled.startsWith('no-') && flags[byName.get(spelled.slice(3)) ?? '']?.type === 'boolean') {
      name = byName.get(spelled.slice(3));
      negated = true;
    }
    if (name === undefined || !token.startsWith('--')) {
      const closest = closestName(spelled, [...byName.keys()]);
      const hint = closest === undefined ? '' : ` (did you mean --${closest}?)`;
      throw new UsageError(`${command}: unknown option ${token.slice(0, equals < 0 ? undefined : equals)}${hint}; see ${command} --help`);
    }
    const spec = flags[name];
    let value: string | boolean;
    if (spec.type === 'boolean') {
      if (inline === undefined) value = !negated;
      else if (!negated && (inline === 'true' || inline === 'false')) value = inline === 'true';
      else throw new UsageError(`${command}: --${spelled} takes no value (got ${JSON.stringify(inline)})`);
    } else if (inline !== undefined) {
      value = inline;
    } else {
      const next = tokens[i + 1];
      if (next === undefined || (next.startsWith('-') && next !== '-' && !isNumberLike(next))) {
        throw new UsageError(`${command}: --${spelled} needs a value`);
      }
      value = next;
      i++;
    }
    if (typeof value === 'string' && value.trim() === '') throw new UsageError(`${command}: --${spelled} needs a value (got ${JSON.stringify(value)})`);
    const earlier = givenAs.get(name);
    if (spec.multiple && typeof value === 'string') {
      values[name] = [...((values[name] as string[] | undefined) ?? []), value];
    } else if (earlier !== undefined) {
      throw new UsageError(`${command}: ${earlier === spelled ? `--${spelled} given twice` : `--${earlier} and --${spelled} are the same option, given twice`}`);
    } else {
      values[name] = value;
    }
    givenAs.set(name, spelled);
  }
  for (const [name, spec] of Object.entries(flags)) {
    if (values[name] === undefined && spec.default !== undefined) values[name] = spec.multiple && typeof spec.default === 'string' ? [spec.default] : spec.default;
    if (values[name] === undefined && spec.required) throw new UsageError(`${command}: --${name} is required`);
  }
  return values;
}

function aliasesOf(spec: FlagSpec): readonly string[] {
  return spec.alias === undefined ? [] : typeof spec.alias === 'string' ? [spec.alias] : spec.alias;
}

function isNumberLike(token: string): boolean {
  return /^-(?:\d|\.\d)/.test(token);
}

/**
 * The known name nearest to a misspelt one (edit distance, at most a third of its length, at least 2), or
 * undefined when none is near.
 *
 * @example
 * ```ts
 * closestName('nmax', ['n-max', 'seed']); // returns 'n-max'
 * closestName('zzzzzz', ['n-max']);       // returns undefined
 * ```
 */
export function closestName(name: string, known: readonly string[]): string | undefined {
  let best: string | undefined;
  let bestDistance = Math.max(2, Math.floor(name.length / 3)) + 1;
  for (const candidate of known) {
    const distance = editDistance(name, candidate);
    if (distance < bestDistance) {
      best = candidate;
      bestDistance = distance;
    }
  }
  return best;
}

function editDistance(x: string, y: string): number {
  let previous = Array.from({ length: y.length + 1 }, (_, j) => j);
  for (let i = 1; i <= x.length; i++) {
    const current = [i];
    for (let j = 1; j <= y.length; j++) {
      current[j] = Math.min(previous[j] + 1, current[j - 1] + 1, previous[j - 1] + (x[i - 1] === y[j - 1] ? 0 : 1));
    }
    previous = current;
  }
  return previous[y.length];
}

/** What a numeric flag accepts beyond a finite decimal number. */
export interface NumberRule {
  /** A safe integer (no fraction, |x| ≤ 2⁵³ − 1). */
  integer?: boolean;
  min?: number;
  max?: number;
  /** `min` itself is refused (`(min, max]`). */
  exclusiveMin?: boolean;
}

/**
 * Reads a numeric flag the way the CSV reader reads a cell (decimal, optional exponent; no hex, no
 * `Infinity`, no empty value), then checks the rule. The error names the flag and quotes the value.
 *
 * @throws {InvalidArgumentError} e.g. `--n-max: must be a whole number ≥ 1 (got "0x10")`.
 * @example
 * ```ts
 * numberArgument('n-max', '20', { integer: true, min: 1 }); // returns 20
 * numberArgument('start', '-1.5');                          // returns -1.5
 * numberArgument('seed', '1e30', { integer: true });        // throws InvalidArgumentError (not a safe integer)
 * ```
 */
export function numberArgument(flag: string, text: string, rule: NumberRule = {}): number {
  const value = parseNumberCell(text);
  const ok = value !== null && Number.isFinite(value)
    && (!rule.integer || Number.isSafeInteger(value))
    && (rule.min === undefined || (rule.exclusiveMin ? value > rule.min : value >= rule.min))
    && (rule.max === undefined || value <= rule.max);
  if (!ok) throw new InvalidArgumentError(`--${flag}`, text, describeRule(rule));
  return value;
}

function describeRule(rule: NumberRule): string {
  const kind = rule.integer ? 'a whole number' : 'a number';
  const low = rule.min === undefined ? '' : `${rule.exclusiveMin ? '>' : '≥'} ${rule.min}`;
  const high = rule.max === undefined ? '' : `≤ ${rule.max}`;
  const bounds = [low, high].filter(Boolean).join(' and ');
  return `must be ${kind}${bounds ? ` ${bounds}` : ''}${rule.integer && rule.min === undefined && rule.max === undefined ? ' (at most 2^53 - 1)' : ''}`;
}

/**
 * A repeated or comma-separated flag as a list; an empty element (`1,,2`, a trailing comma) is refused.
 *
 * @throws {InvalidArgumentError} naming the flag.
 * @example
 * ```ts
 * listArgument('checkpoint', ['a,b', 'c']); // returns ['a', 'b', 'c']
 * listArgument('theta', '1,,2');            // throws InvalidArgumentError: --theta: an empty element ...
 * ```
 */
export function listArgument(flag: string, value: string | readonly string[] | undefined): string[] {
  if (value === undefined) return [];
  const list: string[] = [];
  for (const text of typeof value === 'string' ? [value] : value) {
    for (const part of text.split(',')) {
      const item = part.trim();
      if (item === '') throw new InvalidArgumentError(`--${flag}`, text, 'an empty element in the list (write values separated by single commas)');
      list.push(item);
    }
  }
  return list;
}

/**
 * A list flag without repeats (a checkpoint named twice is a mistake, not a request to run it twice).
 *
 * @throws {InvalidArgumentError} naming the repeated value.
 * @example
 * ```ts
 * uniqueListArgument('checkpoint', 'a,b'); // returns ['a', 'b']
 * uniqueListArgument('checkpoint', 'a,a'); // throws InvalidArgumentError: --checkpoint: named twice (got "a")
 * ```
 */
export function uniqueListArgument(flag: string, value: string | readonly string[] | undefined): string[] {
  const list = listArgument(flag, value);
  const seen = new Set<string>();
  for (const item of list) {
    if (seen.has(item)) throw new InvalidArgumentError(`--${flag}`, item, 'named twice');
    seen.add(item);
  }
  return list;
}

/**
 * Checks a flag against its allowed values.
 *
 * @example
 * ```ts
 * choiceArgument('format', 'table', ['jsonl', 'table']); // returns 'table'
 * ```
 */
export function choiceArgument<T extends string>(flag: string, value: string, allowed: readonly T[]): T {
  if (!allowed.includes(value as T)) {
    const closest = closestName(value, allowed);
    throw new InvalidArgumentError(`--${flag}`, value, `must be one of ${allowed.join(', ')}${closest ? ` (did you mean ${closest}?)` : ''}`);
  }
  return value as T;
}
