// The answer journal: one JSONL line per answer, after a header line that fingerprints the bank, the items and
// the options that decide which answers are valid. This file is browser-safe (text in, text out, and an
// in-memory journal); the file-backed journal with fsync is in node.ts.
import { JournalError } from './errors';
import { hashJson } from './hash';

export const JOURNAL_FORMAT = 'fluidbench.eval-journal';
export const JOURNAL_VERSION = 1;

/** The first line of a journal: what its answers are valid for. */
export interface JournalHeader {
  format: typeof JOURNAL_FORMAT;
  version: typeof JOURNAL_VERSION;
  /** Fingerprint of the IRT bank (ids and parameters). */
  bank: string;
  /** Fingerprint of the items (their exact requests). */
  items: string;
  /** The options that change which items are asked or how (start, estimator, batch, mc mode, engine). */
  options: Record<string, unknown>;
}

/** One answer, as appended to the journal (JSONL keys in snake_case). */
export interface JournalEntry {
  model: string;
  item_id: string;
  /** Hash of the exact request sent (model and item content); a changed item does not reuse an old answer. */
  request: string;
  correct: number;
  scores?: number[];
  reply?: string;
  /** k-of-n generation: every sample's reply. */
  replies?: string[];
  /** Seconds the request took, retries included. */
  seconds: number;
  /** ISO time of the answer. */
  time: string;
}

/** Where `evaluate` keeps answers: looked up before asking, appended (and made durable) before use. */
export interface AnswerJournal {
  lookup(model: string, itemId: string): JournalEntry | undefined;
  append(entry: JournalEntry): void | Promise<void>;
}

/**
 * A journal in memory (for the browser and tests); give it earlier entries to resume from them.
 *
 * @example
 * ```ts
 * const journal = new MemoryJournal();
 * journal.append({ model: 'm', item_id: 'q1', request: 'r', correct: 1, seconds: 0.1, time: '2026-01-01T00:00:00Z' });
 * journal.lookup('m', 'q1')?.correct; // returns 1
 * ```
 */
export class MemoryJournal implements AnswerJournal {
  readonly entries: JournalEntry[] = [];
  private readonly byKey = new Map<string, JournalEntry>();

  constructor(entries: readonly JournalEntry[] = []) {
    for (const entry of entries) this.remember(entry);
  }

  lookup(model: string, itemId: string): JournalEntry | undefined {
    return this.byKey.get(journalKey(model, itemId));
  }

  append(entry: JournalEntry): void {
    this.remember(entry);
  }

  protected remember(entry: JournalEntry): void {
    const key = journalKey(entry.model, entry.item_id);
    if (this.byKey.has(key)) return;
    this.byKey.set(key, entry);
    this.entries.push(entry);
  }
}

function journalKey(model: string, itemId: string): string {
  return `${model}\u0000${itemId}`;
}

/** What a journal fingerprints of a bank: a 1–4PL bank's columns, or a graded bank's models and thresholds. */
export type JournalBank =
  | { ids: readonly string[]; a: ArrayLike<number>; b: ArrayLike<number>; c?: ArrayLike<number>; d?: ArrayLike<number> }
  | { ids: readonly string[]; a: ArrayLike<number>; b?: undefined; c?: undefined; d?: undefined; models: readonly string[]; thresholds: readonly ArrayLike<number>[] };

/**
 * The header for a run on this bank and these items with these options.
 *
 * @example
 * ```ts
 * journalHeader({ bank, requests: ['r1', 'r2'], options: { start: 0 } }).format; // returns 'fluidbench.eval-journal'
 * ```
 */
export function journalHeader(parts: {
  bank: JournalBank;
  requests: readonly unknown[];
  options: Record<string, unknown>;
}): JournalHeader {
  const { ids, a, b, c, d } = parts.bank;
  const columns = (values: ArrayLike<number> | undefined) => (values ? Array.from(values) : undefined);
  const graded = 'thresholds' in parts.bank ? { models: parts.bank.models, thresholds: parts.bank.thresholds.map((row) => Array.from(row)) } : {};
  return {
    format: JOURNAL_FORMAT,
    version: JOURNAL_VERSION,
    bank: hashJson({ ids, a: columns(a), b: columns(b), c: columns(c), d: columns(d), ...graded }),
    items: hashJson(parts.requests),
    options: parts.options,
  };
}

/** A journal's text, checked: its header, its answers, and how many characters of it are whole lines. */
export interface ParsedJournal {
  header: JournalHeader;
  entries: JournalEntry[];
  /** Length of the text up to the last complete line (a line cut by a crash is dropped). */
  completeLength: number;
}

/**
 * Parses and checks a journal. A last line without its newline that is not valid JSON (a write cut by a
 * crash) is dropped; any other bad line is an error naming the line.
 *
 * @throws {JournalError} naming the file and 1-based line.
 * @example
 * ```ts
 * parseJournal(formatJournalLine(header) + formatJournalLine(entry), 'run.jsonl').entries.length; // returns 1
 * ```
 */
export function parseJournal(text: string, file: string): ParsedJournal {
  const lines = text.split('\n');
  let completeLength = text.length;
  if (!text.endsWith('\n')) {
    const last = lines[lines.length - 1];
    let whole = true;
    try {
      JSON.parse(last);
    } catch {
      whole = false;
    }
    if (!whole) {
      completeLength = text.length - last.length;
      lines[lines.length - 1] = '';
    }
  }
  let header: JournalHeader | undefined;
  const entries: JournalEntry[] = [];
  lines.forEach((raw, k) => {
    if (raw.trim() === '') return;
    let value: unknown;
    try {
      value = JSON.parse(raw);
    } catch {
      throw new JournalError(file, k + 1, 'not valid JSON (the journal was edited or is not a fluidbench journal)');
    }
    if (!header) {
      header = checkHeader(value, file, k + 1);
      return;
    }
    entries.push(checkEntry(value, file, k + 1));
  });
  if (!header) throw new JournalError(file, undefined, 'empty: no header line');
  return { header, entries, completeLength };
}

function checkHeader(value: unknown, file: string, line: number): JournalHeader {
  const header = value as Partial<JournalHeader> | null;
  if (!header || header.format !== JOURNAL_FORMAT) throw new JournalError(file, line, `not a fluidbench answer journal (no "format": "${JOURNAL_FORMAT}" header)`);
  if (header.version !== JOURNAL_VERSION) throw new JournalError(file, line, `journal version ${JSON.stringify(header.version)} is not supported (expected ${JOURNAL_VERSION})`);
  if (typeof header.bank !== 'string' || typeof header.items !== 'string' || !header.options || typeof header.options !== 'object') {
    throw new JournalError(file, line, 'the header lacks "bank", "items" or "options"');
  }
  return header as JournalHeader;
}

function checkEntry(value: unknown, file: string, line: number): JournalEntry {
  const entry = value as Record<string, unknown> | null;
  const bad = (field: string, reason: string): never => {
    throw new JournalError(file, line, `field "${field}" ${reason} (got ${JSON.stringify(entry?.[field])})`);
  };
  if (!entry || typeof entry !== 'object' || Array.isArray(entry)) throw new JournalError(file, line, 'an answer must be a JSON object');
  for (const field of ['model', 'item_id', 'request', 'time']) if (typeof entry[field] !== 'string' || entry[field] === '') bad(field, 'must be a non-empty string');
  if (typeof entry.correct !== 'number' || !(entry.correct >= 0 && entry.correct <= 1)) bad('correct', 'must be a number in [0, 1]');
  if (typeof entry.seconds !== 'number' || !(entry.seconds >= 0)) bad('seconds', 'must be a number ≥ 0');
  if (entry.scores !== undefined && (!Array.isArray(entry.scores) || entry.scores.some((s) => typeof s !== 'number'))) bad('scores', 'must be a list of numbers');
  if (entry.reply !== undefined && typeof entry.reply !== 'string') bad('reply', 'must be a string');
  if (entry.replies !== undefined && (!Array.isArray(entry.replies) || entry.replies.some((r) => typeof r !== 'string'))) bad('replies', 'must be a list of strings');
  return entry as unknown as JournalEntry;
}

/**
 * Refuses a journal written for another bank, other items or other options, in one line saying what changed.
 *
 * @throws {JournalError} naming what differs and how to start over.
 * @example
 * ```ts
 * checkJournalHeader(found, expected, 'run.jsonl'); // returns nothing when they agree
 * ```
 */
export function checkJournalHeader(found: JournalHeader, expected: JournalHeader, file: string): void {
  const changes: string[] = [];
  if (found.bank !== expected.bank) changes.push('the IRT bank');
  if (found.items !== expected.items) changes.push('the items');
  const keys = new Set([...Object.keys(found.options), ...Object.keys(expected.options)]);
  for (const key of [...keys].sort()) {
    if (JSON.stringify(found.options[key]) !== JSON.stringify(expected.options[key])) {
      changes.push(`${key} (${JSON.stringify(found.options[key])} → ${JSON.stringify(expected.options[key])})`);
    }
  }
  if (changes.length) {
    throw new JournalError(file, undefined, `written for a different run: ${changes.join(', ')} changed, so its answers may not apply; use another journal or --fresh to start over`);
  }
}

/**
 * One journal line (JSON and a newline).
 *
 * @example
 * ```ts
 * formatJournalLine({ a: 1 }); // returns '{"a":1}\n'
 * ```
 */
export function formatJournalLine(value: JournalHeader | JournalEntry): string {
  return `${JSON.stringify(value)}\n`;
}
