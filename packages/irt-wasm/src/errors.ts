// The error convention of every fluidbench package (`@fluidbench/data` follows it in its own copy, since it
// imports nothing of ours): each error class has its own registered symbol, `Symbol.for('fluidbench.error.'
// + errorName)`, set on its instances and those of its subclasses. `X.isInstance(e)` checks X's symbol, so it
// answers true for X and its subclasses from any installed copy of any fluidbench package, and false for a
// sibling class (`InvalidArgumentError.isInstance(new DimensionError(...))` is false).

/**
 * The registered symbol that marks instances of the error class named `errorName`.
 *
 * @example
 * ```ts
 * errorMarker('DimensionError') === Symbol.for('fluidbench.error.DimensionError'); // returns true
 * ```
 */
export function errorMarker(errorName: string): symbol {
  return Symbol.for(`fluidbench.error.${errorName}`);
}

/** A class in the FluidError family, seen from its static side. */
interface ErrorClass<T> {
  readonly errorName: string;
  prototype: T;
}

/**
 * Base of every error fluidbench throws on purpose. `FluidError.isInstance(e)` is true for all of them
 * (from this package, `@fluidbench/core` and `@fluidbench/data`), across installed copies.
 *
 * @example
 * ```ts
 * FluidError.isInstance(new DimensionError('b', 2, 3)); // returns true
 * FluidError.isInstance(new Error('plain')); // returns false
 * ```
 */
export class FluidError extends Error {
  /** Keys the class's marker; every subclass sets its own (names survive minifiers, class names don't). */
  static readonly errorName: string = 'FluidError';

  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    const own = new.target as unknown as ErrorClass<FluidError>;
    this.name = own.errorName;
    for (let cls: unknown = new.target; cls && cls !== Error; cls = Object.getPrototypeOf(cls)) {
      if (Object.hasOwn(cls as object, 'errorName')) (this as unknown as Record<symbol, boolean>)[errorMarker((cls as ErrorClass<FluidError>).errorName)] = true;
    }
  }

  /**
   * True when `value` is an instance of this class or a subclass, from any copy of the package.
   *
   * @example
   * ```ts
   * InvalidArgumentError.isInstance(new InvalidArgumentError('nMax', 0, 'must be ≥ 1')); // returns true
   * InvalidArgumentError.isInstance(new DimensionError('b', 2, 3)); // returns false
   * ```
   */
  static isInstance<T>(this: ErrorClass<T>, value: unknown): value is T {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[errorMarker(this.errorName)] === true;
  }
}

/** An argument out of its domain; names the argument and quotes the value. */
export class InvalidArgumentError extends FluidError {
  static override readonly errorName: string = 'InvalidArgumentError';

  constructor(readonly argument: string, readonly value: unknown, reason: string) {
    super(`${argument}: ${reason} (got ${quote(value)})`);
  }
}

/** Arrays whose shapes disagree: names the argument, its actual length and the expected one. */
export class DimensionError extends FluidError {
  static override readonly errorName: string = 'DimensionError';

  constructor(readonly argument: string, readonly actual: number, readonly expected: number, detail?: string) {
    super(`${argument}: length ${actual}, expected ${expected}${detail ? ` (${detail})` : ''}`);
  }
}

/**
 * The engine could not load or is in the wrong state for a call.
 *
 * @example
 * ```ts
 * new IrtWasmError('x') instanceof FluidError; // returns true
 * ```
 */
export class IrtWasmError extends FluidError {
  static override readonly errorName: string = 'IrtWasmError';
}

/** Thrown when a kernel is used before `init()` or `initSync()` has compiled the module. */
export class NotInitializedError extends IrtWasmError {
  static override readonly errorName: string = 'NotInitializedError';

  constructor() {
    super('the WebAssembly engine is not initialized: call `await init()` (or `initSync()` in Node and workers) first');
  }
}

/**
 * A value as an error message quotes it: strings as JSON, long structures shortened.
 *
 * @example
 * ```ts
 * quote('oops'); // returns '"oops"'
 * quote([1, 2]); // returns '[1,2]'
 * ```
 */
export function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
