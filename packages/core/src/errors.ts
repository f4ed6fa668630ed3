const MARKER = Symbol.for('fluidbench.error');

/**
 * Base of every error fluidbench throws on purpose. `FluidError.isInstance(e)` works across package copies.
 *
 * @example
 * ```ts
 * try { new ItemBank({ a: [0], b: [0] }); } catch (e) { FluidError.isInstance(e); } // returns true
 * ```
 */
export class FluidError extends Error {
  readonly [MARKER] = true;
  constructor(message: string, options?: { cause?: unknown }) {
    super(message, options);
    this.name = new.target.name;
  }

  static isInstance(value: unknown): value is FluidError {
    return typeof value === 'object' && value !== null && (value as Record<symbol, unknown>)[MARKER] === true;
  }
}

/** An argument out of its domain; names the argument and quotes the value. */
export class InvalidArgumentError extends FluidError {
  constructor(readonly argument: string, readonly value: unknown, reason: string) {
    super(`${argument}: ${reason} (got ${quote(value)})`);
  }
}

/** Arrays whose lengths disagree. */
export class DimensionError extends FluidError {
  constructor(readonly argument: string, readonly actual: number, readonly expected: number) {
    super(`${argument}: length ${actual}, expected ${expected}`);
  }
}

/** A bad value in a file: names file, row, column and the value. Rows are 1-based, header = row 1. */
export class DataFormatError extends FluidError {
  constructor(readonly file: string, readonly row: number | undefined, readonly column: string | undefined, readonly value: unknown, reason: string) {
    const where = [file, row !== undefined ? `row ${row}` : '', column !== undefined ? `column ${quote(column)}` : '']
      .filter(Boolean).join(', ');
    super(`${where}: ${reason}${value !== undefined ? ` (got ${quote(value)})` : ''}`);
  }
}

/** An adaptive session that cannot go on (no unused item left, or no pending item to record). */
export class SessionStateError extends FluidError {}

function quote(value: unknown): string {
  if (typeof value === 'string') return JSON.stringify(value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null || value === undefined) return String(value);
  try {
    const text = JSON.stringify(value);
    return text.length > 80 ? `${text.slice(0, 77)}...` : text;
  } catch {
    return String(value);
  }
}
