// Cell-level parsing shared by the CSV and JSONL readers. Hot path: called once per response cell
// (2.7 million times for one of the dataset's results files), so the common spellings skip the regex.

const NUMBER_PATTERN = /^[+-]?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?$/;

// What pandas (empty), R (NA) and numpy (nan) write for a missing value.
const MISSING_SPELLINGS = new Set(['', 'NA', 'NaN', 'nan', 'N/A']);

/**
 * NaN for a missing cell, the number for a numeric one, null for anything else (hex, words, `1,5`).
 *
 * @example
 * ```ts
 * parseNumberCell('1.0'); // returns 1
 * parseNumberCell('');    // returns NaN
 * parseNumberCell('0x1'); // returns null
 * ```
 */
export function parseNumberCell(cell: string): number | null {
  switch (cell) {
    case '0':
    case '0.0':
      return 0;
    case '1':
    case '1.0':
      return 1;
  }
  const trimmed = cell.length > 0 && (cell.charCodeAt(0) <= 32 || cell.charCodeAt(cell.length - 1) <= 32) ? cell.trim() : cell;
  if (MISSING_SPELLINGS.has(trimmed)) return Number.NaN;
  return NUMBER_PATTERN.test(trimmed) ? Number(trimmed) : null;
}
