// Graded and partial-credit banks (GRM, GPCM, PCM) as files: the IRT CSV with threshold columns, the fork's
// `{benchmark}_metadata.json` with `score_values`, and responses as categories or raw scores.
import { parseNumberCell } from './cells';
import { checkAlignment } from './alignment';
import { parseIrtCsv, readCsvRecords, readHeaderNames, readIds } from './csv';
import { formatCsv } from './csv-write';
import { DataFormatError } from './errors';
import type { IrtTable, ResponseTable } from './tables';

const UNNAMED_FILE = '<input>';
/** A raw score maps to a category only when it is this close to the category's score value (the fork's rule). */
export const SCORE_MATCH_TOLERANCE = 1e-5;

/** Polytomous models: graded response, generalized partial credit, partial credit (a = 1). */
export type PolyModelName = 'grm' | 'gpcm' | 'pcm';
const POLY_MODEL_NAMES: readonly PolyModelName[] = ['grm', 'gpcm', 'pcm'];

/**
 * A polytomous bank as plain columns; `new PolytomousItemBank(table)` of `@fluidbench/core` takes it as is.
 * Item j has categories 0…K_j, K_j = `thresholds[j].length`.
 */
export interface PolyIrtTable {
  ids: string[];
  model: PolyModelName;
  /** Discriminations (absent for PCM). */
  a?: Float64Array;
  /** GRM `b_1 < … < b_K`, GPCM/PCM steps `d_1 … d_K`. */
  thresholds: Float64Array[];
  /** Raw score of each category, when the bank came with the fork's metadata (`score_values`). */
  scoreValues?: number[];
}

/**
 * Whether a bank table is polytomous.
 *
 * @example
 * ```ts
 * isPolyIrtTable(parseItemBankCsv('id,a,b\nq,1,0\n')); // returns false
 * ```
 */
export function isPolyIrtTable(table: IrtTable | PolyIrtTable): table is PolyIrtTable {
  return 'thresholds' in table;
}

/**
 * Parses an IRT CSV of any model: a 1–4PL file (`a`, `b`, optional `c`, `d`; see {@link parseIrtCsv}) or a
 * polytomous one (threshold columns `b1…`/`d1…`; see {@link parsePolyIrtCsv}), told apart by the header.
 *
 * @example
 * ```ts
 * parseItemBankCsv('id,d1,d2\nq,0,1\n').model; // returns 'pcm'
 * ```
 */
export function parseItemBankCsv(text: string, options: PolyIrtCsvOptions = {}): IrtTable | PolyIrtTable {
  const file = options.file ?? UNNAMED_FILE;
  if (options.model || polytomousHeader(readCsvRecords(text, file).header)) return parsePolyIrtCsv(text, options);
  return parseIrtCsv(text, { file });
}

/** Options of {@link parsePolyIrtCsv}. */
export interface PolyIrtCsvOptions {
  /** Name of the file in error messages. Default `'<input>'`. */
  file?: string;
  /** The model; by default from the header: `b1…` is GRM, `a` with `d1…` GPCM, `d1…` alone PCM (given, any prefix). */
  model?: PolyModelName;
}

/**
 * The threshold columns of an IRT CSV header (`b1, b2, …` or `d1, d2, …`), or null when it has none
 * (a 1–4PL file).
 *
 * @example
 * ```ts
 * polytomousHeader(['item_id', 'a', 'b1', 'b2']); // returns { prefix: 'b', columns: [2, 3], hasA: true }
 * polytomousHeader(['', 'a', 'b']); // returns null
 * ```
 */
export function polytomousHeader(header: readonly string[]): { prefix: 'b' | 'd'; columns: number[]; hasA: boolean } | null {
  const names = header.map((cell) => cell.trim());
  for (const prefix of ['b', 'd'] as const) {
    const columns: number[] = [];
    for (let k = 1; names.indexOf(`${prefix}${k}`, 1) > 0; k++) columns.push(names.indexOf(`${prefix}${k}`, 1));
    if (columns.length > 0) return { prefix, columns, hasA: names.indexOf('a', 1) > 0 };
  }
  return null;
}

/**
 * Parses a polytomous IRT CSV: the first column the item id (any header: `item_id`, empty, …), then `a`
 * (GRM, GPCM) and the thresholds `b1…bK` (GRM) or `d1…dK` (GPCM, PCM). Items with fewer categories leave
 * their trailing threshold cells empty.
 *
 * @throws {DataFormatError} naming file, row, column and value: no threshold columns, a missing or
 *   non-positive `a`, a non-numeric threshold, a gap before the last threshold, an item without thresholds,
 *   GRM thresholds that do not increase.
 * @example
 * ```ts
 * const bank = parsePolyIrtCsv('item_id,a,b1,b2\nq1,1.2,-0.5,0.7\nq2,0.8,0.1,\n', { file: 'grm.csv' });
 * bank.model; // returns 'grm'
 * bank.thresholds[1]; // returns Float64Array [0.1]
 * ```
 */
export function parsePolyIrtCsv(text: string, options: PolyIrtCsvOptions = {}): PolyIrtTable {
  const file = options.file ?? UNNAMED_FILE;
  const { header, records, rowNumbers } = readCsvRecords(text, file);
  const shape = polytomousHeader(header);
  if (!shape) throw new DataFormatError(file, 1, undefined, header.join(','), 'no threshold columns (b1, b2, … or d1, d2, …) in the header');
  const model = options.model ?? (shape.prefix === 'b' ? 'grm' : shape.hasA ? 'gpcm' : 'pcm');
  if (!POLY_MODEL_NAMES.includes(model)) throw new DataFormatError(file, undefined, undefined, model, 'unknown model (grm, gpcm or pcm)');
  if (model !== 'pcm' && !shape.hasA) throw new DataFormatError(file, 1, 'a', header.join(','), `a ${model.toUpperCase()} file needs an "a" column`);
  const aIndex = model === 'pcm' ? -1 : header.findIndex((cell, j) => j > 0 && cell.trim() === 'a');
  const ids = readIds(header, records, rowNumbers, file);
  const a = aIndex > 0 ? new Float64Array(records.length) : undefined;
  const thresholds = records.map((record, i) => {
    const row = rowNumbers[i];
    if (a) {
      const value = parseNumberCell(record[aIndex]);
      if (value === null || !(value > 0) || !Number.isFinite(value)) {
        throw new DataFormatError(file, row, header[aIndex], record[aIndex], 'a discrimination must be a finite number > 0');
      }
      a[i] = value;
    }
    const values: number[] = [];
    let ended = -1;
    shape.columns.forEach((column, k) => {
      const cell = record[column];
      const value = parseNumberCell(cell);
      if (value === null || value === Infinity || value === -Infinity) throw new DataFormatError(file, row, header[column], cell, 'not a finite number');
      if (Number.isNaN(value)) {
        if (ended < 0) ended = k;
        return;
      }
      if (ended >= 0) throw new DataFormatError(file, row, header[column], cell, `a threshold after the empty ${header[shape.columns[ended]].trim()}: only trailing cells may be empty`);
      if (model === 'grm' && k > 0 && !(value > values[k - 1])) {
        throw new DataFormatError(file, row, header[column], cell, `GRM thresholds must increase (previous ${values[k - 1]})`);
      }
      values.push(value);
    });
    if (values.length === 0) throw new DataFormatError(file, row, header[shape.columns[0]], record[shape.columns[0]], 'an item needs at least one threshold');
    return Float64Array.from(values);
  });
  return a ? { ids, model, a, thresholds } : { ids, model, thresholds };
}

/**
 * A polytomous bank as {@link parsePolyIrtCsv} reads it back (the model from the header): `id`, `a` (GRM,
 * GPCM), then `b1…bK` (GRM) or `d1…dK` (GPCM, PCM) up to the largest K; an item with fewer thresholds
 * leaves its trailing cells empty. Numbers in the shortest round-trip form (the one CSV writer's).
 *
 * @example
 * ```ts
 * formatPolyIrtCsv({ ids: ['q1', 'q2'], model: 'grm', a: Float64Array.of(1.2, 0.8), thresholds: [Float64Array.of(-0.5, 0.7), Float64Array.of(0.1)] });
 * // returns 'id,a,b1,b2\nq1,1.2,-0.5,0.7\nq2,0.8,0.1,\n'
 * ```
 */
export function formatPolyIrtCsv(table: Omit<PolyIrtTable, 'scoreValues'>): string {
  const { ids, model, a, thresholds } = table;
  const withA = model !== 'pcm';
  if (withA && !a) throw new DataFormatError(UNNAMED_FILE, undefined, 'a', undefined, `a ${model.toUpperCase()} bank needs discriminations`);
  const width = thresholds.reduce((most, row) => Math.max(most, row.length), 0);
  const prefix = model === 'grm' ? 'b' : 'd';
  const header = ['id', ...(withA ? ['a'] : []), ...Array.from({ length: width }, (_, k) => `${prefix}${k + 1}`)];
  return formatCsv(header, ids.map((id, j) => [
    id, ...(withA ? [a![j]] : []), ...Array.from({ length: width }, (_, k) => (k < thresholds[j].length ? thresholds[j][k] : null)),
  ]));
}

/**
 * The `score_values` of the fork's `{benchmark}_metadata.json`: the raw score of each category, increasing.
 *
 * @throws {DataFormatError} on invalid JSON, a missing or empty list, or values that are not increasing numbers.
 * @example
 * ```ts
 * parseScoreValues('{"score_values": [0, 0.5, 1]}', 'mmlu_metadata.json'); // returns [0, 0.5, 1]
 * ```
 */
export function parseScoreValues(text: string, file = UNNAMED_FILE): number[] {
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (error) {
    throw new DataFormatError(file, undefined, undefined, undefined, `not valid JSON: ${(error as Error).message}`, { cause: error });
  }
  const values = (json as { score_values?: unknown })?.score_values;
  return checkScoreValues(values, file, 'score_values');
}

/**
 * Checks a list of category score values: at least two finite numbers, strictly increasing.
 *
 * @example
 * ```ts
 * checkScoreValues([0, 0.25, 0.5, 0.75, 1], '--score-values', 'score values'); // returns [0, 0.25, 0.5, 0.75, 1]
 * ```
 */
export function checkScoreValues(values: unknown, file: string, what: string): number[] {
  if (!Array.isArray(values) || values.length < 2) throw new DataFormatError(file, undefined, what, values, 'need a list of at least two category scores');
  values.forEach((value, k) => {
    if (typeof value !== 'number' || !Number.isFinite(value)) throw new DataFormatError(file, undefined, `${what}[${k}]`, value, 'not a finite number');
    if (k > 0 && !(value > values[k - 1])) throw new DataFormatError(file, undefined, `${what}[${k}]`, value, 'category scores must increase');
  });
  return values as number[];
}

/** Options of {@link parseCategoryResponsesCsv}. */
export interface CategoryResponsesCsvOptions {
  /** Name of the file in error messages. Default `'<input>'`. */
  file?: string;
  /**
   * Raw score of each category: a cell holds a raw score, mapped to the category whose score is nearest and
   * within 1e-5 of it. Without it, cells hold the categories themselves (integers ≥ 0).
   */
  scoreValues?: readonly number[];
  /**
   * The bank the responses are for: rows must list its ids in order (checked first, as `checkAlignment` does),
   * and a category above an item's K_j is an error naming the cell. `categories[j]` is K_j + 1.
   */
  bank?: { ids: readonly string[]; categories: ArrayLike<number>; file?: string };
}

/**
 * Parses a responses CSV for a polytomous bank (first column the item id, one column per checkpoint):
 * integer categories, or raw scores mapped through `scoreValues`; an empty cell (or `NA`) is missing (NaN).
 *
 * @throws {DataFormatError} naming file, row, column and value: a non-integer or negative category, a category
 *   above the item's K_j, or a raw score that matches no category score within 1e-5; {@link AlignmentError}
 *   when the rows are not the bank's items in order.
 * @example
 * ```ts
 * parseCategoryResponsesCsv('id,lm\nq1,2\nq2,\n').columns[0]; // returns Float64Array [2, NaN]
 * parseCategoryResponsesCsv('id,lm\nq1,0.75\n', { scoreValues: [0, 0.25, 0.5, 0.75, 1] }).columns[0]; // returns Float64Array [3]
 * ```
 */
export function parseCategoryResponsesCsv(text: string, options: CategoryResponsesCsvOptions = {}): ResponseTable {
  const file = options.file ?? UNNAMED_FILE;
  const { header, records, rowNumbers } = readCsvRecords(text, file);
  const checkpoints = readHeaderNames(header, file);
  const ids = readIds(header, records, rowNumbers, file);
  const { scoreValues, bank } = options;
  if (scoreValues) checkScoreValues(scoreValues, file, 'score values');
  if (bank) checkAlignment(bank.ids, ids, { irtFile: bank.file, responsesFile: file });
  const categories = bank?.categories;
  const columns = checkpoints.map(() => new Float64Array(records.length));
  for (let i = 0; i < records.length; i++) {
    for (let c = 0; c < checkpoints.length; c++) {
      const cell = records[i][c + 1];
      const value = parseNumberCell(cell);
      const where = (reason: string) => new DataFormatError(file, rowNumbers[i], header[c + 1], cell, reason);
      if (value === null) throw where('not a number');
      if (Number.isNaN(value)) {
        columns[c][i] = NaN;
        continue;
      }
      const category = scoreValues ? nearestCategory(value, scoreValues) : value;
      if (scoreValues && category < 0) throw where(`matches no category score within ${SCORE_MATCH_TOLERANCE} (score values ${scoreValues.join(', ')})`);
      if (!Number.isInteger(category) || category < 0) throw where('a category must be an integer ≥ 0 (raw scores need score values)');
      if (categories && category >= categories[i]) throw where(`item ${JSON.stringify(ids[i])} has categories 0…${categories[i] - 1}`);
      columns[c][i] = category;
    }
  }
  return { ids, checkpoints, columns };
}

/**
 * The category whose score value is nearest to `score`, or −1 when it is farther than `tolerance` (default
 * 1e-5: a given raw score must match a category, as the fork requires). A live score such as an MC2 probability
 * mass passes `Infinity` and always gets the nearest category; an exact tie between two categories goes to the
 * higher one, so with score values `[0, 1]` the rule is the paper's binarization at ≥ 0.5.
 *
 * @example
 * ```ts
 * nearestCategory(0.5000001, [0, 0.5, 1]); // returns 1
 * nearestCategory(0.4, [0, 0.5, 1]); // returns -1
 * nearestCategory(0.4, [0, 0.5, 1], Infinity); // returns 1
 * nearestCategory(0.5, [0, 1], Infinity); // returns 1 (a tie goes up)
 * ```
 */
export function nearestCategory(score: number, scoreValues: readonly number[], tolerance = SCORE_MATCH_TOLERANCE): number {
  let best = -1;
  let distance = Infinity;
  scoreValues.forEach((value, k) => {
    const d = Math.abs(score - value);
    if (d <= distance) {
      distance = d;
      best = k;
    }
  });
  return distance <= tolerance ? best : -1;
}
