// Typed reads of one row of a benchmark's source dataset (as hyparquet returns it), each failure a
// DataFormatError naming the file, the 1-based row and the column. Browser-safe.
import { DataFormatError } from './errors';

/** The rows of one parquet file of a source dataset, and the name to put in error messages. */
export interface SourceRows {
  /** e.g. `allenai/ai2_arc: ARC-Challenge/test-00000-of-00001.parquet`. */
  file: string;
  rows: readonly Record<string, unknown>[];
}

/** Where a row sits, for error messages: parquet has no header, so row 1 is the first record. */
export interface RowPlace {
  file: string;
  /** 1-based. */
  row: number;
  /** The struct column a field sits in, so errors name `choices.text`. */
  parent?: string;
}

function columnName(column: string, place: RowPlace): string {
  return place.parent ? `${place.parent}.${column}` : column;
}

/**
 * A string field of a row.
 *
 * @throws {DataFormatError} when the field is missing or not a string.
 * @example
 * ```ts
 * stringField({ question: 'Why?' }, 'question', { file: 'test.parquet', row: 1 }); // returns 'Why?'
 * ```
 */
export function stringField(row: Record<string, unknown>, column: string, place: RowPlace): string {
  const value = row[column];
  if (typeof value !== 'string') throw new DataFormatError(place.file, place.row, columnName(column, place), value, 'expected a string');
  return value;
}

/**
 * A list-of-strings field of a row (parquet LIST of UTF8).
 *
 * @throws {DataFormatError} when the field is missing or not a list of strings.
 * @example
 * ```ts
 * stringListField({ endings: ['a', 'b'] }, 'endings', { file: 'val.parquet', row: 3 }); // returns ['a', 'b']
 * ```
 */
export function stringListField(row: Record<string, unknown>, column: string, place: RowPlace): string[] {
  const value = row[column];
  if (!Array.isArray(value) || !value.every((entry) => typeof entry === 'string')) {
    throw new DataFormatError(place.file, place.row, columnName(column, place), value, 'expected a list of strings');
  }
  return value as string[];
}

/**
 * An integer field of a row; INT64 columns arrive as bigint and are converted.
 *
 * @throws {DataFormatError} when the field is missing or not an integer.
 * @example
 * ```ts
 * integerField({ answer: 2n }, 'answer', { file: 'test.parquet', row: 1 }); // returns 2
 * ```
 */
export function integerField(row: Record<string, unknown>, column: string, place: RowPlace): number {
  const value = row[column];
  const number = typeof value === 'bigint' ? Number(value) : value;
  if (typeof number !== 'number' || !Number.isSafeInteger(number)) throw new DataFormatError(place.file, place.row, columnName(column, place), value, 'expected an integer');
  return number;
}

/**
 * A struct field of a row (parquet group), as a plain object.
 *
 * @throws {DataFormatError} when the field is missing or not an object.
 * @example
 * ```ts
 * structField({ choices: { text: ['x'], label: ['A'] } }, 'choices', { file: 'test.parquet', row: 1 }).text; // returns ['x']
 * ```
 */
export function structField(row: Record<string, unknown>, column: string, place: RowPlace): Record<string, unknown> {
  const value = row[column];
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    throw new DataFormatError(place.file, place.row, columnName(column, place), value, 'expected a struct');
  }
  return value as Record<string, unknown>;
}
