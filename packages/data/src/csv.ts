import Papa from 'papaparse';
import { parseNumberCell } from './cells';
import { DataFormatError } from './errors';
import { DEFAULT_BINARIZE_THRESHOLD, type IrtTable, type ResponseTable } from './tables';

/** Name used in error messages when the caller does not say which file the text came from. */
const UNNAMED_FILE = '<input>';
const BYTE_ORDER_MARK = 0xfeff;

/** Options of {@link parseIrtCsv}. */
export interface IrtCsvOptions {
  /** Name of the file in error messages. Default `'<input>'`. */
  file?: string;
  /**
   * Header names of the parameter columns. Defaults: `a: 'a'`, `b: 'b'`, `c: 'c'`, `d: 'd'`; `c` and `d` are
   * read only when present. `null` ignores a column, e.g. `{ d: null }` for mirt exports, where `d` is
   * the intercept rather than the upper asymptote.
   */
  columns?: { a?: string; b?: string; c?: string | null; d?: string | null };
}

/** Options of {@link parseResponsesCsv}. */
export interface ResponsesCsvOptions {
  /** Name of the file in error messages. Default `'<input>'`. */
  file?: string;
  /** Map each response to 1 when `≥ threshold`, else 0 (missing stays NaN). Default `true`; `false` keeps raw scores. */
  binarize?: boolean;
  /** Cut-off for `binarize`. Default `0.5`. */
  threshold?: number;
  /** Refuse any response other than 0, 1 or missing (the data claims to be scored already). Default `false`. */
  requireBinary?: boolean;
  /**
   * `'items-in-rows'` (default, the dataset's layout): first column the item id, one column per checkpoint.
   * `'items-in-columns'`: first column the checkpoint (LM) name, one column per item, as leaderboard
   * exports are laid out.
   */
  orientation?: 'items-in-rows' | 'items-in-columns';
}

/** A CSV's header and data records, with each record's file row (shared by the CSV readers). */
export interface CsvRecords {
  header: string[];
  /** Data records, blank lines dropped. */
  records: string[][];
  /** 1-based file row of each data record (the header is row 1). */
  rowNumbers: number[];
}

/**
 * Parses an IRT model CSV: the first column is the item id (its header may be empty, as pandas writes an
 * index), then columns `a` and `b`, optionally `c` and `d`, found by header name; other columns are ignored.
 *
 * @throws {DataFormatError} on an empty file, a missing `a`/`b` column, a column named twice, a ragged row,
 *   a duplicate or empty id, a non-numeric or missing parameter, `a = 0`, or `c`/`d` outside [0, 1] or
 *   `c ≥ d`; the message names file, row, column and value.
 * @example
 * ```ts
 * const irt = parseIrtCsv(',a,b\narc_challenge_0,1.5,-0.2\narc_challenge_1,0.8,0.4\n', { file: 'arc.csv' });
 * irt.ids; // returns ['arc_challenge_0', 'arc_challenge_1']
 * irt.a;   // returns Float64Array [1.5, 0.8]
 * irt.c;   // returns undefined
 * ```
 */
export function parseIrtCsv(text: string, options: IrtCsvOptions = {}): IrtTable {
  const file = options.file ?? UNNAMED_FILE;
  const { header, records, rowNumbers } = readCsvRecords(text, file);
  const names = { a: 'a', b: 'b', c: 'c', d: 'd', ...options.columns };
  const required = (name: string): number => {
    const index = findColumn(header, name);
    if (index < 0) {
      const graded = findColumn(header, 'b1') > 0 || findColumn(header, 'd1') > 0 ? ' (threshold columns: a polytomous bank, read it with parseItemBankCsv)' : '';
      throw new DataFormatError(file, 1, name, header, `no column named ${JSON.stringify(name)} in the header${graded}`);
    }
    return index;
  };
  const optional = (name: string | null): number => (name === null ? -1 : findColumn(header, name));
  const seenColumns = new Set<string>();
  header.forEach((cell, j) => {
    const name = cell.trim();
    if (j > 0 && name !== '' && seenColumns.has(name)) throw new DataFormatError(file, 1, name, name, 'duplicate column name');
    seenColumns.add(name);
  });
  const aIndex = required(names.a);
  const bIndex = required(names.b);
  const cIndex = optional(names.c);
  const dIndex = optional(names.d);

  const ids = readIds(header, records, rowNumbers, file);
  const column = (index: number, inUnitInterval: boolean): Float64Array => {
    const values = new Float64Array(records.length);
    for (let i = 0; i < records.length; i++) {
      const cell = records[i][index];
      const value = parseNumberCell(cell);
      if (value === null || Number.isNaN(value) || !Number.isFinite(value)) {
        const reason = value === null ? 'not a number' : Number.isNaN(value) ? 'missing item parameter' : 'not a finite number';
        throw new DataFormatError(file, rowNumbers[i], header[index], cell, reason);
      }
      if (inUnitInterval && (value < 0 || value > 1)) {
        throw new DataFormatError(file, rowNumbers[i], header[index], cell, 'an asymptote must lie in [0, 1]');
      }
      values[i] = value;
    }
    return values;
  };
  const table: IrtTable = { ids, a: column(aIndex, false), b: column(bIndex, false) };
  if (cIndex >= 0) table.c = column(cIndex, true);
  if (dIndex >= 0) table.d = column(dIndex, true);
  for (let i = 0; i < records.length; i++) {
    // an item whose slope is 0 carries no information, and one with c ≥ d no curve: both unusable banks
    if (table.a[i] === 0) throw new DataFormatError(file, rowNumbers[i], header[aIndex], records[i][aIndex], 'a discrimination must not be 0');
    const lower = table.c ? table.c[i] : 0;
    const upper = table.d ? table.d[i] : 1;
    if (!(lower < upper)) {
      const at = table.c ? cIndex : dIndex;
      throw new DataFormatError(file, rowNumbers[i], header[at], records[i][at], `the lower asymptote c (${lower}) must be below the upper d (${upper})`);
    }
  }
  return table;
}

/**
 * Parses a responses CSV. In the default `'items-in-rows'` orientation the first column is the item id and
 * every other column a checkpoint; with `'items-in-columns'` the first column names the checkpoint (LM) and
 * every other column is an item. Values must lie in [0, 1]; an empty cell (or `NA`, `NaN`) is missing
 * (NaN). Values are binarized at `≥ 0.5` unless `binarize: false`.
 *
 * @throws {DataFormatError} on an empty file, a ragged row, duplicate or empty ids or checkpoint names,
 *   and a value that is non-numeric or outside [0, 1], naming file, row, column and value.
 * @example
 * ```ts
 * const table = parseResponsesCsv(',step1,step2\nq_0,1,0.7\nq_1,0,\n', { file: 'lm.csv' });
 * table.checkpoints; // returns ['step1', 'step2']
 * table.columns[1];  // returns Float64Array [1, NaN]
 * parseResponsesCsv(',s\nq_0,0.7\n', { binarize: false }).columns[0]; // returns Float64Array [0.7]
 * ```
 */
export function parseResponsesCsv(text: string, options: ResponsesCsvOptions = {}): ResponseTable {
  const file = options.file ?? UNNAMED_FILE;
  const binarize = options.binarize ?? true;
  const threshold = options.threshold ?? DEFAULT_BINARIZE_THRESHOLD;
  const { header, records, rowNumbers } = readCsvRecords(text, file);
  const headerNames = readHeaderNames(header, file);
  const rowNames = readIds(header, records, rowNumbers, file);
  const nFields = header.length - 1;

  const cellValue = (cell: string, i: number, j: number): number => {
    let value = parseNumberCell(cell);
    if (value === null) throw new DataFormatError(file, rowNumbers[i], header[j + 1], cell, 'not a number');
    if (value < 0 || value > 1) throw new DataFormatError(file, rowNumbers[i], header[j + 1], cell, 'a response must lie in [0, 1]');
    if (options.requireBinary && value !== 0 && value !== 1 && value === value) {
      throw new DataFormatError(file, rowNumbers[i], header[j + 1], cell, 'a response must be 0 or 1 (the data was said to be scored already)');
    }
    if (binarize && value === value) value = value >= threshold ? 1 : 0;
    return value;
  };

  if (options.orientation === 'items-in-columns') {
    const columns = records.map((record, i) => {
      const column = new Float64Array(nFields);
      for (let j = 0; j < nFields; j++) column[j] = cellValue(record[j + 1], i, j);
      return column;
    });
    return { ids: headerNames, checkpoints: rowNames, columns };
  }

  const columns = Array.from({ length: nFields }, () => new Float64Array(records.length));
  for (let i = 0; i < records.length; i++) {
    const record = records[i];
    for (let j = 0; j < nFields; j++) columns[j][i] = cellValue(record[j + 1], i, j);
  }
  return { ids: rowNames, checkpoints: headerNames, columns };
}

/**
 * Splits CSV text into header and records; blank lines dropped, ragged rows and bad quoting rejected.
 *
 * @example
 * ```ts
 * readCsvRecords('id,a\nq,1\n', 'x.csv').rowNumbers; // returns [2]
 * ```
 */
export function readCsvRecords(text: string, file: string): CsvRecords {
  const body = text.charCodeAt(0) === BYTE_ORDER_MARK ? text.slice(1) : text;
  if (body.trim() === '') throw new DataFormatError(file, undefined, undefined, undefined, 'the file is empty');
  // No dynamicTyping and no header mode: papaparse then splits on newlines and commas (its fast mode when
  // the text has no quotes) and we convert numbers ourselves.
  const parsed = Papa.parse<string[]>(body, { delimiter: ',', header: false, skipEmptyLines: false });
  const quoteError = parsed.errors.find((error) => error.type === 'Quotes');
  if (quoteError) {
    throw new DataFormatError(file, (quoteError.row ?? 0) + 1, undefined, undefined, `malformed quoting: ${quoteError.message}`);
  }
  const all = parsed.data;
  let first = 0;
  while (first < all.length && isBlankRecord(all[first])) first++;
  const header = all[first];
  if (header.length < 2) {
    throw new DataFormatError(file, first + 1, undefined, header.join(','), 'the header needs an id column and at least one more column');
  }
  const records: string[][] = [];
  const rowNumbers: number[] = [];
  for (let index = first + 1; index < all.length; index++) {
    const record = all[index];
    if (isBlankRecord(record)) continue;
    if (record.length !== header.length) {
      throw new DataFormatError(file, index + 1, undefined, undefined, `ragged row: ${record.length} fields, the header has ${header.length}`);
    }
    records.push(record);
    rowNumbers.push(index + 1);
  }
  if (records.length === 0) throw new DataFormatError(file, undefined, undefined, undefined, 'the file has a header but no data rows');
  return { header, records, rowNumbers };
}

function isBlankRecord(record: string[]): boolean {
  return record.length === 1 && record[0].trim() === '';
}

function findColumn(header: string[], name: string): number {
  // Column 0 is the id, whatever its header says.
  for (let j = 1; j < header.length; j++) if (header[j].trim() === name) return j;
  return -1;
}

/**
 * The first column's values: non-empty and unique.
 *
 * @example
 * ```ts
 * readIds(['id', 'a'], [['q', '1']], [2], 'x.csv'); // returns ['q']
 * ```
 */
export function readIds(header: string[], records: string[][], rowNumbers: number[], file: string): string[] {
  const idColumn = header[0] === '' ? 'id (column 1)' : header[0];
  const firstRow = new Map<string, number>();
  const ids = new Array<string>(records.length);
  for (let i = 0; i < records.length; i++) {
    const id = records[i][0].trim();
    if (id === '') throw new DataFormatError(file, rowNumbers[i], idColumn, records[i][0], 'empty id');
    const seen = firstRow.get(id);
    if (seen !== undefined) throw new DataFormatError(file, rowNumbers[i], idColumn, id, `duplicate id, first seen at row ${seen}`);
    firstRow.set(id, rowNumbers[i]);
    ids[i] = id;
  }
  return ids;
}

/**
 * Header cells after the id column: non-empty and unique.
 *
 * @example
 * ```ts
 * readHeaderNames(['', 's1', 's2'], 'x.csv'); // returns ['s1', 's2']
 * ```
 */
export function readHeaderNames(header: string[], file: string): string[] {
  const seen = new Set<string>();
  const names = header.slice(1).map((cell, offset) => {
    const name = cell.trim();
    if (name === '') throw new DataFormatError(file, 1, `column ${offset + 2}`, cell, 'empty column name');
    if (seen.has(name)) throw new DataFormatError(file, 1, name, name, 'duplicate column name');
    seen.add(name);
    return name;
  });
  return names;
}

/**
 * Reads an IRT model CSV from a `Blob` or a browser `File` (an `<input type="file">` pick, a drop); errors
 * name `file.name` unless `options.file` says otherwise.
 *
 * @example
 * ```ts
 * const irt = await readIrtCsvBlob(new File([',a,b\nq_0,1,0\n'], 'arc.csv'));
 * irt.ids; // returns ['q_0']
 * ```
 */
export async function readIrtCsvBlob(blob: Blob, options: IrtCsvOptions = {}): Promise<IrtTable> {
  return parseIrtCsv(await blob.text(), { ...options, file: options.file ?? blobName(blob) });
}

/**
 * Reads a responses CSV from a `Blob` or a browser `File` (see {@link parseResponsesCsv}).
 *
 * @example
 * ```ts
 * const table = await readResponsesCsvBlob(new File([',s1\nq_0,0.75\n'], 'lm.csv'));
 * table.columns[0]; // returns Float64Array [1]
 * ```
 */
export async function readResponsesCsvBlob(blob: Blob, options: ResponsesCsvOptions = {}): Promise<ResponseTable> {
  return parseResponsesCsv(await blob.text(), { ...options, file: options.file ?? blobName(blob) });
}

function blobName(blob: Blob): string {
  const name = (blob as Blob & { name?: unknown }).name;
  return typeof name === 'string' && name !== '' ? name : UNNAMED_FILE;
}

/**
 * The fields of one CSV line (RFC 4180 quoting), for reading a results file's header without parsing the
 * whole file (see `readCsvHeader` in `@fluidbench/data/node`).
 *
 * @example
 * ```ts
 * splitCsvLine(',step1,"step 2, final"'); // returns ['', 'step1', 'step 2, final']
 * ```
 */
export function splitCsvLine(line: string): string[] {
  const fields: string[] = [];
  let field = '';
  let quoted = false;
  for (let i = 0; i < line.length; i++) {
    const char = line[i];
    if (quoted) {
      if (char === '"' && line[i + 1] === '"') {
        field += '"';
        i++;
      } else if (char === '"') quoted = false;
      else field += char;
    } else if (char === '"') quoted = true;
    else if (char === ',') {
      fields.push(field);
      field = '';
    } else field += char;
  }
  fields.push(field);
  return fields;
}

