// Joins the dataset's item map (id -> item text) with the documents of a benchmark's source dataset by
// text, never by the number in the id. Equal texts are told apart by their choices; what stays ambiguous
// or unmatched is reported and left out, never guessed. Browser-safe.
import { DataFormatError, quote } from './errors';
import { ITEM_MAP_PATH } from './dataset';
import type { LeaderboardTask } from './leaderboard-tasks';

/** Fields of an item map entry that may hold the item's text, in the order they are looked for. */
export const ITEM_TEXT_FIELDS: readonly string[] = ['example', 'question', 'query', 'sentence', 'prompt', 'context', 'ctx', 'input'];
/** Fields that may hold its choices. */
export const ITEM_CHOICE_FIELDS: readonly string[] = ['choices', 'endings', 'options'];

/** What the join needs of one entry of `id_to_item_map.json`; every other field is kept in `extra`. */
export interface ItemMapEntry {
  text: string;
  choices: string[] | undefined;
  extra: Record<string, unknown>;
}

/**
 * Reads one entry of the item map tolerantly: the text from the first of {@link ITEM_TEXT_FIELDS} present
 * (the notebook shows `example`), choices from the first of {@link ITEM_CHOICE_FIELDS}; unknown fields kept.
 *
 * @throws {DataFormatError} naming the item when the entry is not an object, has no text, or its choices are not strings.
 * @example
 * ```ts
 * readItemMapEntry('hellaswag_760', { example: 'Education and Communications: ...', choices: ['a', 'b'], source: 'wikihow' });
 * // returns { text: 'Education and Communications: ...', choices: ['a', 'b'], extra: { source: 'wikihow' } }
 * ```
 */
export function readItemMapEntry(id: string, entry: unknown, file = ITEM_MAP_PATH): ItemMapEntry {
  const where = `${file}, item ${quote(id)}`;
  if (typeof entry !== 'object' || entry === null || Array.isArray(entry)) {
    throw new DataFormatError(where, undefined, undefined, entry, 'expected an object with the item text');
  }
  const fields = entry as Record<string, unknown>;
  const textField = ITEM_TEXT_FIELDS.find((field) => typeof fields[field] === 'string');
  if (textField === undefined) {
    throw new DataFormatError(where, undefined, undefined, entry, `no item text: expected a string in one of ${ITEM_TEXT_FIELDS.map((f) => `"${f}"`).join(', ')}`);
  }
  const choiceField = ITEM_CHOICE_FIELDS.find((field) => fields[field] !== undefined);
  let choices: string[] | undefined;
  if (choiceField !== undefined) {
    const value = fields[choiceField];
    if (!Array.isArray(value) || !value.every((choice) => typeof choice === 'string')) {
      throw new DataFormatError(where, undefined, choiceField, value, 'expected a list of strings');
    }
    choices = value as string[];
  }
  const extra = Object.fromEntries(Object.entries(fields).filter(([field]) => field !== textField && field !== choiceField));
  return { text: fields[textField] as string, choices, extra };
}

/**
 * The text the join compares after exact comparison failed: Unicode-compatibility folded, lower-cased,
 * every run of characters other than letters and digits one space.
 *
 * @example
 * ```ts
 * normalizeItemText('  Question: Which  is\u00a0BEST?\nAnswer:'); // returns 'question which is best answer'
 * ```
 */
export function normalizeItemText(text: string): string {
  return text.normalize('NFKC').toLowerCase().replace(/[^\p{L}\p{N}]+/gu, ' ').trim();
}

/** How each item of a benchmark's bank found (or did not find) its source document. */
export interface JoinReport {
  /** Items of the bank. */
  items: number;
  /** Matched with the text exactly as in the source. */
  exact: number;
  /** Matched only after {@link normalizeItemText}. */
  normalized: number;
  /** Ids whose text (and choices) fit several different documents: left out. */
  ambiguous: string[];
  /** Ids whose text fits no document: left out. */
  unmatched: string[];
  /** Ids of the bank that the item map does not have: left out. */
  missing: string[];
  /** Ids matched by text whose choices in the item map differ from the source's (kept; worth a look). */
  choicesDiffer: string[];
}

/** The join's result: for each item id, the index of its document; and the report. */
export interface JoinResult {
  matches: Map<string, number>;
  report: JoinReport;
}

const GROUP_SEPARATOR = '\u0000';

/**
 * Finds each item's document among `docs` by text: exact first, then normalized; when several documents
 * share the text, the item's choices (if it has any) pick among them; documents identical in every field
 * count as one.
 *
 * @throws {DataFormatError} naming the item when an entry of the item map is malformed.
 * @example
 * ```ts
 * const { matches, report } = joinItems(ARC_TASK, ['arc_challenge_0'], itemMap, docs);
 * matches.get('arc_challenge_0'); // returns the index of the document in docs
 * report.exact;                   // returns 1
 * ```
 */
export function joinItems<Doc>(
  task: LeaderboardTask<Doc>,
  ids: readonly string[],
  itemMap: Record<string, unknown>,
  docs: readonly Doc[],
  file = ITEM_MAP_PATH,
): JoinResult {
  const exactIndex = new Map<string, number[]>();
  const normalizedIndex = new Map<string, number[]>();
  const add = (index: Map<string, number[]>, key: string, position: number): void => {
    const list = index.get(key);
    if (!list) index.set(key, [position]);
    else if (list.at(-1) !== position) list.push(position);
  };
  docs.forEach((doc, position) => {
    const group = task.groupOf(doc) + GROUP_SEPARATOR;
    for (const text of task.keyTexts(doc)) {
      add(exactIndex, group + text, position);
      add(normalizedIndex, group + normalizeItemText(text), position);
    }
  });

  const report: JoinReport = { items: ids.length, exact: 0, normalized: 0, ambiguous: [], unmatched: [], missing: [], choicesDiffer: [] };
  const matches = new Map<string, number>();
  for (const id of ids) {
    if (!(id in itemMap)) {
      report.missing.push(id);
      continue;
    }
    const entry = readItemMapEntry(id, itemMap[id], file);
    const group = task.groupOfId(id) + GROUP_SEPARATOR;
    let candidates = exactIndex.get(group + entry.text);
    const exact = candidates !== undefined;
    candidates ??= normalizedIndex.get(group + normalizeItemText(entry.text));
    if (!candidates) {
      report.unmatched.push(id);
      continue;
    }
    const distinct = distinctDocs(candidates, docs);
    const picked = distinct.length > 1 && entry.choices ? narrowByChoices(task, distinct, docs, entry.choices) : distinct;
    if (picked.length !== 1) {
      report.ambiguous.push(id);
      continue;
    }
    if (entry.choices && !choicesFit(task, docs[picked[0]], entry.choices)) report.choicesDiffer.push(id);
    matches.set(id, picked[0]);
    if (exact) report.exact++;
    else report.normalized++;
  }
  return { matches, report };
}

/** Candidates with identical documents folded into the first of them. */
function distinctDocs<Doc>(candidates: readonly number[], docs: readonly Doc[]): number[] {
  const seen = new Set<string>();
  return candidates.filter((position) => {
    const key = JSON.stringify(docs[position]);
    if (seen.has(key)) return false;
    seen.add(key);
    return true;
  });
}

function narrowByChoices<Doc>(task: LeaderboardTask<Doc>, candidates: number[], docs: readonly Doc[], choices: readonly string[]): number[] {
  const exact = candidates.filter((position) => task.choiceSets(docs[position]).some((set) => sameList(set, choices)));
  if (exact.length > 0) return exact;
  return candidates.filter((position) => choicesFit(task, docs[position], choices));
}

function choicesFit<Doc>(task: LeaderboardTask<Doc>, doc: Doc, choices: readonly string[]): boolean {
  const sets = task.choiceSets(doc);
  if (sets.length === 0) return true; // the benchmark has no choices to compare (GSM8K)
  const wanted = choices.map(normalizeItemText);
  return sets.some((set) => sameList(set.map(normalizeItemText), wanted));
}

function sameList(left: readonly string[], right: readonly string[]): boolean {
  return left.length === right.length && left.every((value, k) => value === right[k]);
}
