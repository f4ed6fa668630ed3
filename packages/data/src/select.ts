import { InvalidArgumentError } from './errors';
import type { IrtTable, ResponseTable } from './tables';

/**
 * The given rows (0-based) of a table, in the given order.
 *
 * @example
 * ```ts
 * selectRows({ ids: ['x', 'y', 'z'], a: Float64Array.of(1, 2, 3), b: Float64Array.of(0, 0, 1) }, [2, 0]).a;
 * // returns Float64Array [3, 1]
 * ```
 */
export function selectRows<T extends ResponseTable | IrtTable>(table: T, rows: readonly number[]): T {
  const pick = (values: Float64Array): Float64Array => {
    const picked = new Float64Array(rows.length);
    for (let k = 0; k < rows.length; k++) picked[k] = values[rows[k]];
    return picked;
  };
  const ids = rows.map((row) => {
    const id = table.ids[row];
    if (id === undefined) throw new InvalidArgumentError('rows', row, `row index out of range 0..${table.ids.length - 1}`);
    return id;
  });
  if ('columns' in table) {
    return { ...table, ids, checkpoints: [...table.checkpoints], columns: table.columns.map(pick) };
  }
  const irt: IrtTable = { ids, a: pick(table.a), b: pick(table.b) };
  if (table.c) irt.c = pick(table.c);
  if (table.d) irt.d = pick(table.d);
  return irt as T;
}

/**
 * Keeps some checkpoints (columns) of a response table: `'all'`, `'last'` (the final column, as the dataset
 * lists checkpoints in training order), or names in the order wanted. `naming` words the error (the flag
 * and the file it read), e.g. `{ argument: '--checkpoint', source: 'lm.csv' }`.
 *
 * @throws {InvalidArgumentError} for a name that is not a checkpoint of the table, or an empty table.
 * @example
 * ```ts
 * const table = { ids: ['q'], checkpoints: ['step1', 'step2', 'step3'], columns: [0, 1, 2].map((x) => Float64Array.of(x)) };
 * selectCheckpoints(table, 'last').checkpoints;             // returns ['step3']
 * selectCheckpoints(table, ['step3', 'step1']).columns[1];  // returns Float64Array [0]
 * ```
 */
export function selectCheckpoints(
  table: ResponseTable,
  selection: 'all' | 'last' | readonly string[],
  naming: { argument?: string; source?: string } = {},
): ResponseTable {
  if (table.checkpoints.length === 0) throw new InvalidArgumentError('table.checkpoints', [], 'the table has no checkpoints');
  if (selection === 'all') return { ids: [...table.ids], checkpoints: [...table.checkpoints], columns: [...table.columns] };
  const names = selection === 'last' ? [table.checkpoints[table.checkpoints.length - 1]] : selection;
  const columns = names.map((name) => {
    const k = table.checkpoints.indexOf(name);
    if (k < 0) {
      const known = table.checkpoints.length > 6 ? `${table.checkpoints.slice(0, 6).join(', ')}, … ${table.checkpoints.length} in all` : table.checkpoints.join(', ');
      throw new InvalidArgumentError(naming.argument ?? 'checkpoint', name, `no such column in ${naming.source ?? 'the table'} (has ${known})`);
    }
    return table.columns[k];
  });
  return { ids: [...table.ids], checkpoints: [...names], columns };
}
