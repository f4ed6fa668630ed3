// The checks every bank constructor makes of its columns: one length for all, one row per id.
import { DimensionError, InvalidArgumentError } from './errors';

/**
 * Checks that every given column has `n` entries, in the order given; absent (undefined) columns are skipped.
 *
 * @throws {DimensionError} naming the first column of another length.
 * @example
 * ```ts
 * checkColumnLengths(2, { b: [0, 1], ids: undefined }); // returns undefined
 * checkColumnLengths(2, { b: [0] }); // throws DimensionError: b has length 1, expected 2
 * ```
 */
export function checkColumnLengths(n: number, columns: Record<string, ArrayLike<unknown> | undefined>): void {
  for (const [name, column] of Object.entries(columns)) {
    if (column && column.length !== n) throw new DimensionError(name, column.length, n);
  }
}

/**
 * Registers row `row`'s item id in `index` (the row number when the bank has no ids) and returns it.
 *
 * @throws {InvalidArgumentError} when the id was given to an earlier row.
 * @example
 * ```ts
 * const index = new Map<string, number>();
 * registerItemId(index, ['q1', 'q1'], 0); // returns 'q1'
 * registerItemId(index, ['q1', 'q1'], 1); // throws InvalidArgumentError: ids: duplicate item id, first at row 0, again at row 1 (got "q1")
 * ```
 */
export function registerItemId(index: Map<string, number>, ids: ArrayLike<string | number> | undefined, row: number): string {
  const id = ids ? String(ids[row]) : String(row);
  if (index.has(id)) throw new InvalidArgumentError('ids', id, `duplicate item id, first at row ${index.get(id)}, again at row ${row}`);
  index.set(id, row);
  return id;
}
