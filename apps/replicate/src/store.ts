// experiments.jsonl as a resumable store. A finished unit's lines are appended in one write; a run killed
// mid-write can leave a unit cut short or a last line without its newline. Reading keeps only units whose
// rows are all there (each expected checkpoint exactly once); the rest is dropped and redone.
import { appendFileSync, existsSync, readFileSync } from 'node:fs';
import { DataFormatError } from '@fluidbench/data';
import { writeFileAtomically } from '@fluidbench/data/node';

/** Output files are written whole or not at all (temporary file + rename). */
export const writeAtomically = writeFileAtomically;

/**
 * The key of a (benchmark, LM) unit.
 *
 * @example
 * ```ts
 * unitKey('mmlu', 'olmo2-7b') === unitKey('mmlu', 'olmo2-7b'); // returns true
 * ```
 */
export function unitKey(benchmark: string, lm: string): string {
  return `${benchmark}\u0000${lm}`;
}

/** The units a results file holds in full, after dropping anything incomplete. */
export interface StoreState {
  /** Keys of complete units. */
  complete: Set<string>;
  /** Rows dropped: lines of incomplete or unexpected units, duplicates, and a cut-off last line. */
  dropped: number;
}

/** What a complete unit holds: one row per checkpoint, each carrying these keys (the methods of the run). */
export interface ExpectedUnit {
  checkpoints: readonly string[];
  keys: readonly string[];
}

/** The unit keys of a row. */
export interface RowKeys {
  benchmark: unknown;
  lm: unknown;
  checkpoint: unknown;
}

/**
 * The unit keys of a JSONL line. Our rows end with benchmark, lm, checkpoint (and n_items_dynamic_fb), so
 * the tail is parsed alone, which is much cheaper than the whole row; other lines are parsed whole.
 *
 * @throws {SyntaxError} when the line is not JSON.
 * @example
 * ```ts
 * keysOfLine('{"abilities_fb":[0.1],"benchmark":"mmlu","lm":"k2-65b","checkpoint":"step10","n_items_dynamic_fb":null}').lm;
 * // returns 'k2-65b'
 * ```
 */
export function keysOfLine(line: string): RowKeys {
  const at = line.lastIndexOf(',"benchmark":');
  if (at >= 0 && line.endsWith('}')) {
    try {
      const tail = JSON.parse(`{${line.slice(at + 1)}`) as RowKeys;
      // Only when the tail holds all three keys (rows written by others may order keys differently).
      if (tail.lm !== undefined && tail.checkpoint !== undefined) return tail;
    } catch {
      // Not a parseable tail: fall through to the whole line.
    }
  }
  return JSON.parse(line) as RowKeys;
}

interface ParsedLine {
  text: string;
  benchmark: string;
  lm: string;
  checkpoint: string;
}

function parseLines(text: string, file: string): { lines: ParsedLine[]; cutOff: boolean } {
  const raw = text.split('\n');
  // Everything after the last newline is a line whose write was interrupted.
  const tail = raw.pop() ?? '';
  const lines: ParsedLine[] = [];
  raw.forEach((line, i) => {
    if (line === '') return;
    let row: RowKeys;
    try {
      row = keysOfLine(line);
    } catch {
      throw new DataFormatError(file, i + 1, undefined, line.slice(0, 40), 'not a JSON line (remove the file or pass --fresh)');
    }
    const { benchmark, lm, checkpoint } = row;
    if (typeof benchmark !== 'string' || typeof lm !== 'string' || typeof checkpoint !== 'string') {
      throw new DataFormatError(file, i + 1, 'benchmark/lm/checkpoint', undefined, 'a row without its unit keys (remove the file or pass --fresh)');
    }
    lines.push({ text: line, benchmark, lm, checkpoint });
  });
  return { lines, cutOff: tail !== '' };
}

/**
 * Reads a results file for resuming: keeps each unit whose expected checkpoints are all present exactly
 * once, and rewrites the file (atomically) without everything else, so the units redone later are not
 * doubled. `expected` maps unit keys to checkpoint names, or to checkpoint names and the row keys every row
 * must carry (a unit whose rows lack one, written before that method existed, is dropped and redone).
 *
 * @example
 * ```ts
 * const state = recoverStore('results/experiments.jsonl', new Map([[unitKey('gsm8k', 'olmo2-7b'), ['step1000']]]));
 * state.complete.has(unitKey('gsm8k', 'olmo2-7b')); // returns true when that row is there
 * ```
 */
export function recoverStore(path: string, expected: ReadonlyMap<string, readonly string[] | ExpectedUnit>): StoreState {
  if (!existsSync(path)) return { complete: new Set(), dropped: 0 };
  const { lines, cutOff } = parseLines(readFileSync(path, 'utf8'), path);
  const byUnit = new Map<string, ParsedLine[]>();
  for (const line of lines) {
    const key = unitKey(line.benchmark, line.lm);
    const unitLines = byUnit.get(key);
    if (unitLines) unitLines.push(line);
    else byUnit.set(key, [line]);
  }
  const complete = new Set<string>();
  const kept: string[] = [];
  for (const [key, unitLines] of byUnit) {
    const unit = expected.get(key);
    // Units outside the current selection are kept as they are: another run's work, not ours to judge.
    if (!unit) {
      kept.push(...unitLines.map((line) => line.text));
      continue;
    }
    const { checkpoints, keys } = Array.isArray(unit) ? { checkpoints: unit as readonly string[], keys: [] } : unit as ExpectedUnit;
    const seen = new Set(unitLines.map((line) => line.checkpoint));
    // rows of an older run lack the keys of methods added since: the unit is redone
    const current = keys.every((name) => unitLines.every((line) => line.text.includes(`"${name}":`)));
    const whole = current && unitLines.length === checkpoints.length && seen.size === checkpoints.length && checkpoints.every((c) => seen.has(c));
    if (whole) {
      complete.add(key);
      kept.push(...unitLines.map((line) => line.text));
    }
  }
  const dropped = lines.length - kept.length + (cutOff ? 1 : 0);
  if (dropped > 0) writeAtomically(path, kept.map((line) => `${line}\n`).join(''));
  return { complete, dropped };
}

/**
 * Appends a finished unit's lines in one write.
 *
 * @example
 * ```ts
 * appendUnit('results/experiments.jsonl', '{"benchmark":"gsm8k",...}\n');
 * ```
 */
export function appendUnit(path: string, lines: string): void {
  appendFileSync(path, lines);
}
