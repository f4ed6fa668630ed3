import { DataFormatError, InvalidArgumentError } from './errors';
import { DEFAULT_BINARIZE_THRESHOLD, type ResponseTable } from './tables';

/** Options of {@link parsePyIrtJsonl}. */
export interface PyIrtJsonlOptions {
  /** Name of the file in error messages. Default `'<input>'`. */
  file?: string;
  /** Row order of the result; ids not listed are an error. Default: order of first appearance. */
  itemIds?: readonly string[];
  /** Map responses to 1 when `≥ threshold`, else 0. Default `true`. */
  binarize?: boolean;
  /** Default `0.5`. */
  threshold?: number;
  /** Refuse any response other than 0 or 1 (the data claims to be scored already). Default `false`. */
  requireBinary?: boolean;
}

/**
 * Reads py-irt's JSON-lines format, one subject (LM or checkpoint) per line,
 * `{"subject_id": "...", "responses": {"<item id>": 0 | 1, ...}}`, into a wide table: one row per item,
 * one column per subject, NaN where a subject has no response to an item.
 *
 * @throws {DataFormatError} on invalid JSON, a missing or duplicate `subject_id`, a missing `responses`
 *   object, or a response that is not a number in [0, 1] (row = line number).
 * @example
 * ```ts
 * const table = parsePyIrtJsonl('{"subject_id": "lm1", "responses": {"q0": 1, "q1": 0}}\n' +
 *   '{"subject_id": "lm2", "responses": {"q1": 1}}\n');
 * table.ids;         // returns ['q0', 'q1']
 * table.checkpoints; // returns ['lm1', 'lm2']
 * table.columns[1];  // returns Float64Array [NaN, 1]
 * ```
 */
export function parsePyIrtJsonl(text: string, options: PyIrtJsonlOptions = {}): ResponseTable {
  const file = options.file ?? '<input>';
  const binarize = options.binarize ?? true;
  const threshold = options.threshold ?? DEFAULT_BINARIZE_THRESHOLD;
  const fixedOrder = options.itemIds !== undefined;
  const itemRow = new Map<string, number>();
  const ids: string[] = [];
  for (const id of options.itemIds ?? []) {
    if (itemRow.has(id)) throw new InvalidArgumentError('itemIds', id, 'duplicate item id');
    itemRow.set(id, ids.length);
    ids.push(id);
  }

  const checkpoints: string[] = [];
  const subjectLine = new Map<string, number>();
  // Responses per subject as (row, value) pairs; the dense columns are built once the item count is known.
  const sparse: Array<Array<[number, number]>> = [];
  const lines = stripByteOrderMark(text).split(/\r?\n/);
  lines.forEach((line, index) => {
    const lineNumber = index + 1;
    if (line.trim() === '') return;
    const record = parseJsonLine(line, file, lineNumber);
    const subject = record['subject_id'];
    if (typeof subject !== 'string' && typeof subject !== 'number') {
      throw new DataFormatError(file, lineNumber, 'subject_id', subject, 'subject_id must be a string');
    }
    const name = String(subject);
    const seenAt = subjectLine.get(name);
    if (seenAt !== undefined) throw new DataFormatError(file, lineNumber, 'subject_id', name, `duplicate subject, first on line ${seenAt}`);
    subjectLine.set(name, lineNumber);
    const responses = record['responses'];
    if (typeof responses !== 'object' || responses === null || Array.isArray(responses)) {
      throw new DataFormatError(file, lineNumber, 'responses', responses, 'responses must be an object of item id -> 0 or 1');
    }
    const pairs: Array<[number, number]> = [];
    for (const [item, raw] of Object.entries(responses as Record<string, unknown>)) {
      const number = typeof raw === 'boolean' ? Number(raw) : raw;
      if (typeof number !== 'number' || !(number >= 0 && number <= 1)) {
        throw new DataFormatError(file, lineNumber, `responses.${item}`, raw, 'a response must be a number in [0, 1]');
      }
      if (options.requireBinary && number !== 0 && number !== 1) {
        throw new DataFormatError(file, lineNumber, `responses.${item}`, raw, 'a response must be 0 or 1 (the data was said to be scored already)');
      }
      const value = binarize ? (number >= threshold ? 1 : 0) : number;
      let row = itemRow.get(item);
      if (row === undefined) {
        if (fixedOrder) throw new DataFormatError(file, lineNumber, `responses.${item}`, item, 'item id not in itemIds');
        row = ids.length;
        itemRow.set(item, row);
        ids.push(item);
      }
      pairs.push([row, value]);
    }
    checkpoints.push(name);
    sparse.push(pairs);
  });
  if (checkpoints.length === 0) throw new DataFormatError(file, undefined, undefined, undefined, 'the file has no subjects');

  const columns = sparse.map((pairs) => {
    const column = new Float64Array(ids.length).fill(Number.NaN);
    for (const [row, value] of pairs) column[row] = value;
    return column;
  });
  return { ids, checkpoints, columns };
}

/**
 * Writes a response table as py-irt JSON lines, one line per checkpoint, leaving out missing (NaN)
 * responses. Responses are written as 0/1, binarized at `≥ 0.5` as the loaders do.
 *
 * @example
 * ```ts
 * formatPyIrtJsonl({ ids: ['q0', 'q1'], checkpoints: ['lm1'], columns: [Float64Array.of(1, Number.NaN)] });
 * // returns '{"subject_id":"lm1","responses":{"q0":1}}\n'
 * ```
 */
export function formatPyIrtJsonl(table: ResponseTable): string {
  if (table.columns.length !== table.checkpoints.length) {
    throw new InvalidArgumentError('table.columns', table.columns.length, `expected one column per checkpoint (${table.checkpoints.length})`);
  }
  let out = '';
  table.checkpoints.forEach((checkpoint, k) => {
    const column = table.columns[k];
    if (column.length !== table.ids.length) {
      throw new InvalidArgumentError(`table.columns[${k}].length`, column.length, `expected one value per item (${table.ids.length})`);
    }
    // No prototype: an item id like "__proto__" must stay an ordinary key.
    const responses: Record<string, number> = Object.create(null);
    table.ids.forEach((id, i) => {
      const value = column[i];
      if (value === value) responses[id] = value >= DEFAULT_BINARIZE_THRESHOLD ? 1 : 0;
    });
    out += `${JSON.stringify({ subject_id: checkpoint, responses })}\n`;
  });
  return out;
}

/**
 * Parses one JSON-lines record, which must be an object; errors name file and line.
 *
 * @example
 * ```ts
 * parseJsonLine('{"doc_id": 3}', 'log.jsonl', 7); // returns { doc_id: 3 }
 * ```
 */
export function parseJsonLine(line: string, file: string, lineNumber: number): Record<string, unknown> {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch (error) {
    throw new DataFormatError(file, lineNumber, undefined, line, `invalid JSON (${(error as Error).message})`, { cause: error });
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataFormatError(file, lineNumber, undefined, line, 'each line must be a JSON object');
  }
  return value as Record<string, unknown>;
}

/**
 * The text without a leading byte-order mark.
 *
 * @example
 * ```ts
 * stripByteOrderMark('\uFEFF{}'); // returns '{}'
 * ```
 */
export function stripByteOrderMark(text: string): string {
  return text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
}
