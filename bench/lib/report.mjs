// Markdown tables, number formatting, machine facts and the atomic write of RESULTS.md.
import { renameSync, writeFileSync } from 'node:fs';
import { cpus, loadavg, totalmem } from 'node:os';

/**
 * A number with `digits` significant digits (no exponent for ordinary sizes); '—' for missing values.
 *
 * @example
 * ```js
 * formatNumber(0.012345); // returns '0.0123'
 * formatNumber(12345.6); // returns '12,346'
 * formatNumber(undefined); // returns '—'
 * ```
 */
export function formatNumber(value, digits = 3) {
  if (value === undefined || value === null || Number.isNaN(value)) return '—';
  if (!Number.isFinite(value)) return String(value);
  const magnitude = Math.abs(value);
  if (magnitude >= 10 ** digits) return Math.round(value).toLocaleString('en-US');
  return Number(value.toPrecision(digits)).toString();
}

/**
 * A ratio as "×N" ('—' when either side is missing).
 *
 * @example
 * ```js
 * formatRatio(120, 3); // returns '×40'
 * ```
 */
export function formatRatio(slower, faster) {
  if (!(slower > 0) || !(faster > 0)) return '—';
  return `×${formatNumber(slower / faster)}`;
}

/**
 * A Markdown table from a header row and body rows (cells already formatted).
 *
 * @example
 * ```js
 * markdownTable(['x', 'y'], [['1', '2']]); // returns '| x | y |\n|---|---|\n| 1 | 2 |'
 * ```
 */
export function markdownTable(header, rows) {
  const line = (cells) => `| ${cells.join(' | ')} |`;
  return [line(header), `|${header.map(() => '---').join('|')}|`, ...rows.map(line)].join('\n');
}

/** CPU model, cores, memory, Node version and current load of this machine. */
export function machineFacts() {
  const processors = cpus();
  return {
    cpu: processors[0]?.model.trim() ?? 'unknown',
    cores: processors.length,
    memoryGiB: totalmem() / 2 ** 30,
    node: process.version,
    /** One-minute load average: other work on the machine slows every engine alike but adds noise. */
    load: loadavg()[0],
  };
}

/**
 * Writes `text` to `path` through a temporary file and a rename, so readers never see half a file.
 *
 * @example
 * ```js
 * writeAtomically('bench/RESULTS.md', '# Results\n');
 * ```
 */
export function writeAtomically(path, text) {
  const partial = `${path}.${process.pid}.partial`;
  writeFileSync(partial, text);
  renameSync(partial, path);
}
