// A parsed, binarized results table in a compact binary form, kept in Cache Storage beside the CSV it came
// from: a reload then reads a few MB of bytes instead of parsing 28,659 rows × 94 columns of text again.
//
// Layout: a 4-byte little-endian length, that many bytes of UTF-8 JSON `{ ids, checkpoints }`, then one byte
// per response, column after column (checkpoint k's answers to every item): 0, 1, or MISSING.
import type { ResponseTable } from '@fluidbench/data';

const MISSING = 255;
const LENGTH_BYTES = 4;

/**
 * Packs a table whose responses are all 0, 1 or NaN (binarized); undefined for any other table.
 *
 * @example
 * ```ts
 * const bytes = packTable({ ids: ['q_0', 'q_1'], checkpoints: ['s1'], columns: [Float64Array.of(1, NaN)] });
 * unpackTable(bytes!).columns[0]; // returns Float64Array [1, NaN]
 * ```
 */
export function packTable(table: ResponseTable): Uint8Array<ArrayBuffer> | undefined {
  const header = new TextEncoder().encode(JSON.stringify({ ids: table.ids, checkpoints: table.checkpoints }));
  const rows = table.ids.length;
  const bytes = new Uint8Array(LENGTH_BYTES + header.length + rows * table.columns.length);
  new DataView(bytes.buffer).setUint32(0, header.length, true);
  bytes.set(header, LENGTH_BYTES);
  let at = LENGTH_BYTES + header.length;
  for (const column of table.columns) {
    for (let i = 0; i < rows; i++) {
      const value = column[i];
      if (value === 0 || value === 1) bytes[at++] = value;
      else if (Number.isNaN(value)) bytes[at++] = MISSING;
      else return undefined;
    }
  }
  return bytes;
}

/**
 * The table {@link packTable} packed.
 *
 * @example
 * ```ts
 * unpackTable(packTable(table)!).checkpoints; // returns table.checkpoints
 * ```
 */
export function unpackTable(bytes: Uint8Array): ResponseTable {
  const headerLength = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength).getUint32(0, true);
  const { ids, checkpoints } = JSON.parse(new TextDecoder().decode(bytes.subarray(LENGTH_BYTES, LENGTH_BYTES + headerLength))) as {
    ids: string[];
    checkpoints: string[];
  };
  const rows = ids.length;
  const start = LENGTH_BYTES + headerLength;
  const columns = checkpoints.map((_, k) => {
    const column = new Float64Array(rows);
    const offset = start + k * rows;
    for (let i = 0; i < rows; i++) {
      const value = bytes[offset + i];
      column[i] = value === MISSING ? NaN : value;
    }
    return column;
  });
  return { ids, checkpoints, columns };
}
