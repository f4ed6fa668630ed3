// The one CSV writer: what the readers in csv.ts read back exactly. Numbers in JavaScript's shortest
// round-trip form (`String(x)`: the shortest text that parses to the same double); NaN (missing) as an
// empty cell; cells quoted (RFC 4180) only when they hold a comma, quote or line break.
import type { IrtTable, ResponseTable } from './tables';

/** A value of a CSV cell: text, a number (NaN writes an empty, missing cell) or null (empty). */
export type CsvValue = string | number | null | undefined;

/**
 * One CSV cell.
 *
 * @example
 * ```ts
 * csvCell('mmlu_law_3'); // returns 'mmlu_law_3'
 * csvCell('a,b');        // returns '"a,b"'
 * csvCell(0.1 + 0.2);    // returns '0.30000000000000004'
 * csvCell(Number.NaN);   // returns ''
 * ```
 */
export function csvCell(value: CsvValue): string {
  if (value === null || value === undefined) return '';
  if (typeof value === 'number') return Number.isNaN(value) ? '' : String(value);
  return /[",\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;
}

/**
 * A whole CSV text: the header, then one line per row, each line ending in `\n`.
 *
 * @example
 * ```ts
 * formatCsv(['subject', 'theta'], [['lm 1', 0.5]]); // returns 'subject,theta\nlm 1,0.5\n'
 * ```
 */
export function formatCsv(header: readonly CsvValue[], rows: Iterable<readonly CsvValue[]>): string {
  const lines = [header.map(csvCell).join(',')];
  for (const row of rows) lines.push(row.map(csvCell).join(','));
  return `${lines.join('\n')}\n`;
}

/**
 * An IRT model as `parseIrtCsv` reads it: an empty first header cell (as pandas writes an index), `a`, `b`,
 * and `c`, `d` when the table has them.
 *
 * @example
 * ```ts
 * formatIrtCsv({ ids: ['q1'], a: Float64Array.of(1.25), b: Float64Array.of(-0.5) }); // returns ',a,b\nq1,1.25,-0.5\n'
 * ```
 */
export function formatIrtCsv(table: IrtTable): string {
  const { ids, a, b, c, d } = table;
  const header = ['', 'a', 'b', ...(c ? ['c'] : []), ...(d ? ['d'] : [])];
  return formatCsv(header, ids.map((id, j) => [id, a[j], b[j], ...(c ? [c[j]] : []), ...(d ? [d[j]] : [])]));
}

/**
 * A response table as `parseResponsesCsv` reads it: the item id column (header `idHeader`, default empty),
 * then one column per checkpoint; missing responses as empty cells.
 *
 * @example
 * ```ts
 * formatResponsesCsv({ ids: ['q1', 'q2'], checkpoints: ['s1'], columns: [Float64Array.of(1, NaN)] }, 'id');
 * // returns 'id,s1\nq1,1\nq2,\n'
 * ```
 */
export function formatResponsesCsv(table: ResponseTable, idHeader = ''): string {
  const rows = table.ids.map((id, i) => [id, ...table.columns.map((column) => column[i])]);
  return formatCsv([idHeader, ...table.checkpoints], rows);
}
