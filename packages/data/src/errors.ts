// The error convention of every fluidbench package, restated here because this package imports nothing of
// ours (@fluidbench/irt-wasm's errors.ts holds the other copy): each class has its own registered symbol,
// `Symbol.for('fluidbench.error.' + errorName)`, set on its instances and its subclasses' instances;
// `X.isInstance(e)` checks X's symbol. Every error here also carries FluidError's symbol, so
// `FluidError.isInstance` from @fluidbench/core recognises it.
const FAMILY = 'FluidError';

function errorMarker(errorName: string): symbol {
  return Symbol.for(`fluidbench.error.${errorName}`);
}

/** A class in the error family, seen from its static side. */
interface ErrorClass<T> {
  readonly errorName: string;
  prototype: T;
}

/**
 * Base of every error `@fluidbench/data` throws on purpose. `FluidDataError.isInstance(e)` works across
 * package copies because it checks a registered symbol, not the prototype chain.
 *
 * @example
 * ```ts
 * try { parseIrtCsv('', { file: 'irt.csv' }); } catch (e) { FluidDataError.isInstance(e); } // returns true
 * ```
 */
export class FluidDataError extends Error {
  /** Keys the class's marker; every subclass sets its own. */
  static readonly errorName: string = 'FluidDataError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = (new.target as unknown as ErrorClass<FluidDataError>).errorName;
    const marks = this as unknown as Record<symbol, boolean>;
    marks[errorMarker(FAMILY)] = true;
    for (let cls: unknown = new.target; cls && cls !== Error; cls = Object.getPrototypeOf(cls)) {
      if (Object.hasOwn(cls as object, 'errorName')) marks[errorMarker((cls as ErrorClass<FluidDataError>).errorName)] = true;
    }
  }

  /**
   * True when `value` is an instance of this class or a subclass, whichever copy of the package created it.
   *
   * @example
   * ```ts
   * FluidDataError.isInstance(new DataFormatError('a.csv', 2, 'a', 'x', 'not a number')); // returns true
   * DataFormatError.isInstance(new HubError({ reason: 'network', repo: 'r', path: 'p', revision: 'main' })); // returns false
   * FluidDataError.isInstance(new Error('plain')); // returns false
   * ```
   */
  static isInstance<T>(this: ErrorClass<T>, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[errorMarker(this.errorName)] === true;
  }
}

/** An argument outside its domain (an unknown benchmark name, say); names the argument and quotes the value. */
export class InvalidArgumentError extends FluidDataError {
  static override readonly errorName: string = 'InvalidArgumentError';

  constructor(
    readonly argument: string,
    readonly value: unknown,
    reason: string,
  ) {
    super(`${argument}: ${reason} (got ${quote(value)})`);
  }
}

/**
 * A command line that cannot be read: an unknown option or command, a stray argument, a missing value. The
 * message is the whole line the CLI prints (it names the command and, where there is one, the nearest
 * known spelling).
 *
 * @example
 * ```ts
 * new UsageError('fluid run: unknown option --nmax (did you mean --n-max?)').message;
 * // returns 'fluid run: unknown option --nmax (did you mean --n-max?)'
 * ```
 */
export class UsageError extends FluidDataError {
  static override readonly errorName: string = 'UsageError';
}

/**
 * A bad value in a file. `row` is 1-based as in the file (the header is row 1; for JSONL, the line);
 * `column` is the header name. Either is undefined when the problem is the whole file.
 */
export class DataFormatError extends FluidDataError {
  static override readonly errorName: string = 'DataFormatError';

  constructor(
    readonly file: string,
    readonly row: number | undefined,
    readonly column: string | undefined,
    readonly value: unknown,
    reason: string,
    options?: { cause?: unknown },
  ) {
    const where = [file, row !== undefined ? `row ${row}` : '', column !== undefined ? `column ${quote(column)}` : '']
      .filter(Boolean)
      .join(', ');
    super(`${where}: ${reason}${value !== undefined ? ` (got ${quote(value)})` : ''}`, options);
  }
}

/** Why a hub request failed; `status` carries the HTTP code where there was one. */
export type HubErrorReason = 'not-found' | 'unauthorized' | 'network' | 'offline-miss' | 'http' | 'corrupt-cache' | 'invalid-answer';

/** What a hub failure is about: which file of which repository at which revision, and what went wrong. */
export interface HubErrorFields {
  reason: HubErrorReason;
  repo: string;
  path: string;
  revision: string;
  status?: number;
  url?: string;
  detail?: string;
}

/**
 * A Hugging Face Hub download that failed. The message says what to do next; it never contains the token.
 */
export class HubError extends FluidDataError {
  static override readonly errorName: string = 'HubError';
  readonly reason: HubErrorReason;
  readonly status: number | undefined;
  readonly url: string | undefined;
  readonly repo: string;
  readonly path: string;
  readonly revision: string;

  constructor(fields: HubErrorFields & { cause?: unknown }) {
    super(hubMessage(fields), { cause: fields.cause });
    this.reason = fields.reason;
    this.status = fields.status;
    this.url = fields.url;
    this.repo = fields.repo;
    this.path = fields.path;
    this.revision = fields.revision;
  }
}

function hubMessage(fields: HubErrorFields): string {
  const target = `${fields.repo}: ${fields.path} at revision ${quote(fields.revision)}`;
  const http = fields.status !== undefined ? ` (HTTP ${fields.status}${fields.url ? ` from ${fields.url}` : ''})` : '';
  const detail = fields.detail ? `: ${fields.detail}` : '';
  switch (fields.reason) {
    case 'not-found':
      return `${target} not found${http}${detail}; check the repository, the file path and the revision`;
    case 'unauthorized':
      return `${target}: the hub needs an access token${http}; set HF_TOKEN or pass the token option (or the repository does not exist)`;
    case 'network':
      return `${target}: could not reach the hub${fields.url ? ` at ${fields.url}` : ''}${detail}; use the cache (download once with network access) or set HF_HUB_OFFLINE=1 to work from it`;
    case 'offline-miss':
      return `${target} is not in the cache and offline mode is on (HF_HUB_OFFLINE=1 or the offline option)${detail}; download it once with network access`;
    case 'http':
      return `${target}: the hub answered with an error${http}${detail}`;
    case 'corrupt-cache':
      return `${target}: broken cache entry${detail}`;
    case 'invalid-answer':
      return `${target}: the answer${fields.url ? ` from ${fields.url}` : ''} is not the hub's JSON${detail}; check HF_ENDPOINT (or a proxy in between)`;
  }
}

/** Item ids of a response table that do not match the IRT model's, row for row. */
export class AlignmentError extends FluidDataError {
  static override readonly errorName: string = 'AlignmentError';

  constructor(
    /** 0-based item index of the first difference. */
    readonly index: number,
    /** The id in the IRT model at that index, or undefined when the model has fewer items. */
    readonly irtId: string | undefined,
    /** The id in the responses at that index, or undefined when the responses have fewer items. */
    readonly responsesId: string | undefined,
    readonly irtFile: string,
    readonly responsesFile: string,
  ) {
    // Row as in a CSV with a header: item 0 is row 2.
    super(
      `item ids differ at row ${index + 2} (item ${index}): ${irtFile} has ${describeId(irtId)}, ` +
        `${responsesFile} has ${describeId(responsesId)}; both files must list the same items in the same order`,
    );
  }

  /** The 1-based CSV row (header = row 1) of the first difference. */
  get row(): number {
    return this.index + 2;
  }
}

function describeId(id: string | undefined): string {
  return id === undefined ? 'no item there' : quote(id);
}

/**
 * Quotes a value for an error message: strings as JSON, long structures shortened.
 *
 * @example
 * ```ts
 * quote('oops'); // returns '"oops"'
 * quote(3);      // returns '3'
 * ```
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value.length > 80 ? `${value.slice(0, 77)}...` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
