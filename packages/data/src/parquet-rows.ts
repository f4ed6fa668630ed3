// Reads a parquet file's records with hyparquet (a plain-JS reader for Node and browsers; SNAPPY, the
// codec the hub's files use, is built in). Any failure is a DataFormatError naming the file.
import { parquetReadObjects } from 'hyparquet';
import { DataFormatError } from './errors';

/**
 * Every record of a parquet file, as plain objects (lists as arrays, structs as objects, INT64 as bigint).
 *
 * @throws {DataFormatError} naming `file` when the bytes are not a complete, readable parquet file.
 * @example
 * ```ts
 * const rows = await readParquetRows(bytes, 'openai/gsm8k: main/test-00000-of-00001.parquet');
 * rows[0].question; // returns 'Janet’s ducks lay 16 eggs per day. ...'
 * ```
 */
export async function readParquetRows(bytes: Uint8Array, file: string): Promise<Record<string, unknown>[]> {
  const buffer = bytes.buffer.slice(bytes.byteOffset, bytes.byteOffset + bytes.byteLength) as ArrayBuffer;
  try {
    return await parquetReadObjects({ file: buffer });
  } catch (error) {
    const reason = error instanceof Error ? error.message : String(error);
    throw new DataFormatError(file, undefined, undefined, undefined, `not a complete parquet file (${reason}); delete it from the cache and download it again`, { cause: error });
  }
}
