import { closeSync, openSync, readSync } from 'node:fs';
import { splitCsvLine } from './csv';

/**
 * The header fields of a CSV file, read without reading the rest (a results file of the dataset is 80 MB;
 * its checkpoint names are on the first line).
 *
 * @example
 * ```ts
 * readCsvHeader('data/lm_eval_results/olmo2-7b.csv'); // returns ['', 'stage1-step1000-tokens5B', ...]
 * ```
 */
export function readCsvHeader(path: string): string[] {
  return splitCsvLine(readFirstLine(path));
}

/** The first line of a file (BOM and CR removed), read in chunks until the first newline. */
function readFirstLine(path: string): string {
  const handle = openSync(path, 'r');
  try {
    const chunk = Buffer.alloc(1 << 16);
    const parts: Buffer[] = [];
    for (;;) {
      const count = readSync(handle, chunk, 0, chunk.length, null);
      if (count === 0) break;
      const newline = chunk.subarray(0, count).indexOf(10);
      if (newline >= 0) {
        parts.push(Buffer.from(chunk.subarray(0, newline)));
        break;
      }
      parts.push(Buffer.from(chunk.subarray(0, count)));
    }
    return Buffer.concat(parts).toString('utf8').replace(/^\uFEFF/, '').replace(/\r$/, '');
  } finally {
    closeSync(handle);
  }
}

