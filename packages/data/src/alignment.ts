import { AlignmentError, InvalidArgumentError } from './errors';
import { selectRows } from './select';
import type { IrtTable, ResponseTable } from './tables';

/** File names used in alignment messages. */
export interface AlignmentFiles {
  irtFile?: string;
  responsesFile?: string;
}

/**
 * Checks that responses list exactly the IRT model's items, in the same order.
 *
 * @throws {AlignmentError} naming the first differing row (1-based, header = row 1) and both ids.
 * @example
 * ```ts
 * checkAlignment(['q_0', 'q_1'], ['q_0', 'q_1']); // returns undefined
 * checkAlignment(['q_0', 'q_1'], ['q_0', 'q_2'], { irtFile: 'irt.csv', responsesFile: 'lm.csv' });
 * // throws AlignmentError: item ids differ at row 3 (item 1): irt.csv has "q_1", lm.csv has "q_2"; ...
 * ```
 */
export function checkAlignment(irtIds: readonly string[], responseIds: readonly string[], files: AlignmentFiles = {}): void {
  const irtFile = files.irtFile ?? 'the IRT model';
  const responsesFile = files.responsesFile ?? 'the responses';
  const shared = Math.min(irtIds.length, responseIds.length);
  for (let i = 0; i < shared; i++) {
    if (irtIds[i] !== responseIds[i]) throw new AlignmentError(i, irtIds[i], responseIds[i], irtFile, responsesFile);
  }
  if (irtIds.length !== responseIds.length) {
    throw new AlignmentError(shared, irtIds[shared], responseIds[shared], irtFile, responsesFile);
  }
}

/**
 * The benchmark an item id of the paper's dataset belongs to: the id without its trailing `_<k>`, with every
 * `mmlu_<subject>` folded into `mmlu`.
 *
 * @example
 * ```ts
 * benchmarkOfItemId('mmlu_abstract_algebra_12'); // returns 'mmlu'
 * benchmarkOfItemId('truthfulqa_mc2_3');         // returns 'truthfulqa_mc2'
 * ```
 */
export function benchmarkOfItemId(id: string): string {
  const cut = id.lastIndexOf('_');
  const prefix = cut < 0 ? id : id.slice(0, cut);
  return prefix.startsWith('mmlu') ? 'mmlu' : prefix;
}

/**
 * Keeps the rows of one benchmark, in their original order (the dataset's results files hold all six
 * benchmarks; IRT models hold one). Works on response tables and IRT tables alike.
 *
 * @throws {InvalidArgumentError} when no row belongs to the benchmark (naming those that do).
 * @example
 * ```ts
 * const table = { ids: ['arc_challenge_0', 'mmlu_anatomy_0', 'mmlu_virology_4'], checkpoints: ['s'],
 *   columns: [Float64Array.of(1, 0, 1)] };
 * filterBenchmark(table, 'mmlu').ids;        // returns ['mmlu_anatomy_0', 'mmlu_virology_4']
 * filterBenchmark(table, 'mmlu').columns[0]; // returns Float64Array [0, 1]
 * ```
 */
export function filterBenchmark<T extends ResponseTable | IrtTable>(table: T, benchmark: string): T {
  const rows: number[] = [];
  table.ids.forEach((id, i) => {
    if (benchmarkOfItemId(id) === benchmark) rows.push(i);
  });
  if (rows.length === 0) {
    const present = [...new Set(table.ids.map(benchmarkOfItemId))].sort();
    throw new InvalidArgumentError('benchmark', benchmark, `no item of this benchmark (item ids \`${benchmark}_<k>\`); the table has ${present.slice(0, 10).join(', ')}${present.length > 10 ? ', …' : ''}`);
  }
  return selectRows(table, rows);
}
