// How the Open LLM Leaderboard's lm-evaluation-harness (commit b281b09, the leaderboard's v1 pin) turns one
// document of each benchmark's source dataset into a prompt, written from its task files: arc.py,
// hellaswag.py, hendrycks_test.py, truthfulqa.py, winogrande.py, gsm8k.py, and base.py's fewshot_context.
// String operations mirror Python's (strip, capitalize, split/join on "\n\n") so prompts match byte for byte.
// Browser-safe.
import { DataFormatError } from './errors';
import type { LiveItem } from './live-items';
import { integerField, stringField, stringListField, structField, type RowPlace } from './source-rows';
import type { Benchmark } from './tables';

/** What one benchmark's harness task does with a source document. */
export interface LeaderboardTask<Doc> {
  benchmark: Benchmark;
  /** Few-shot examples on the leaderboard. */
  defaultShots: number;
  /**
   * Where few-shot examples come from: `random`, drawn per document with the harness's seeded generator from
   * the shot split; `first-of-group`, the first k documents of the group's shot split (MMLU's dev set);
   * `none`, zero-shot only (TruthfulQA).
   */
  shotSampling: 'random' | 'first-of-group' | 'none';
  /** Reads one row of the source dataset. */
  parseRow(row: Record<string, unknown>, place: RowPlace): Doc;
  /** Texts an entry of the item map may carry for this document: the join keys. */
  keyTexts(doc: Doc): string[];
  /** Lists of choices an entry of the item map may carry for this document (to tell equal texts apart). */
  choiceSets(doc: Doc): string[][];
  /** The group a document belongs to ('' when the benchmark has none; MMLU's subject). */
  groupOf(doc: Doc): string;
  /** The group an item id names ('' when none); an item only matches documents of its group. */
  groupOfId(id: string): string;
  /** The item: the prompt with `shots` as few-shot examples, the choices and the gold answer. */
  buildItem(id: string, doc: Doc, shots: readonly Doc[]): LiveItem;
}

// Python's str.isspace() characters, which str.strip() removes (JS trim() differs on \x1c-\x1f, \x85, \ufeff).
const PYTHON_SPACE = '\\t\\n\\v\\f\\r\\x1c-\\x20\\x85\\xa0\\u1680\\u2000-\\u200a\\u2028\\u2029\\u202f\\u205f\\u3000';
const PYTHON_STRIP = new RegExp(`^[${PYTHON_SPACE}]+|[${PYTHON_SPACE}]+$`, 'g');

/**
 * Python's `str.strip()` with no argument.
 *
 * @example
 * ```ts
 * pythonStrip('\x1c text \ufeff'); // returns 'text \ufeff' (Python keeps the BOM, trims \x1c)
 * ```
 */
export function pythonStrip(text: string): string {
  return text.replace(PYTHON_STRIP, '');
}

/** Python's `str.capitalize()`: first character upper-cased, the rest lower-cased. */
function pythonCapitalize(text: string): string {
  const first = text.codePointAt(0);
  if (first === undefined) return text;
  const head = String.fromCodePoint(first);
  return head.toUpperCase() + text.slice(head.length).toLowerCase();
}

/** base.py's fewshot_context: description, examples and the document, separated by blank lines. */
function fewshotContext(description: string, examples: readonly string[], document: string): string {
  const head = description ? `${description}\n\n` : '';
  const shots = examples.length > 0 ? `${examples.join('\n\n')}\n\n` : '';
  return head + shots + document;
}

/** Each benchmark's few-shot setting on the leaderboard (see {@link LeaderboardTask}). */
const FEWSHOT: { readonly [B in Benchmark]: Pick<LeaderboardTask<unknown>, 'defaultShots' | 'shotSampling'> } = {
  arc_challenge: { defaultShots: 25, shotSampling: 'random' },
  hellaswag: { defaultShots: 10, shotSampling: 'random' },
  mmlu: { defaultShots: 5, shotSampling: 'first-of-group' },
  truthfulqa_mc2: { defaultShots: 0, shotSampling: 'none' },
  winogrande: { defaultShots: 5, shotSampling: 'random' },
  gsm8k: { defaultShots: 5, shotSampling: 'random' },
};

/** What a task says of its documents; groups default to one group '' (every benchmark but MMLU). */
type TaskParts<Doc> = Omit<LeaderboardTask<Doc>, 'benchmark' | 'defaultShots' | 'shotSampling' | 'groupOf' | 'groupOfId'> &
  Partial<Pick<LeaderboardTask<Doc>, 'groupOf' | 'groupOfId'>>;

function leaderboardTask<Doc>(benchmark: Benchmark, parts: TaskParts<Doc>): LeaderboardTask<Doc> {
  return { benchmark, ...FEWSHOT[benchmark], groupOf: () => '', groupOfId: () => '', ...parts };
}

/** A document with choices and the index of the right one. */
interface ChoiceDoc {
  choices: string[];
  gold: number;
}

/**
 * The item of a multiple-choice task whose few-shot examples are each shot's query and right choice, and whose
 * continuations are the choices after the target delimiter (a space).
 */
function queryAndChoiceItem<Doc extends ChoiceDoc>(query: (doc: Doc) => string, metric: 'acc' | 'acc_norm'): LeaderboardTask<Doc>['buildItem'] {
  return (id, doc, shots) => ({
    id,
    type: 'multiple_choice',
    context: fewshotContext('', shots.map((shot) => `${query(shot)} ${shot.choices[shot.gold]}`), query(doc)),
    choices: doc.choices.map((choice) => ` ${choice}`),
    answer: doc.gold,
    metric,
  });
}

// ---------------------------------------------------------------------------------------------- ARC

/** An ARC document as the harness processes it. */
export interface ArcDoc extends ChoiceDoc {
  question: string;
}

const ARC_LETTERS = ['A', 'B', 'C', 'D', 'E'];
const ARC_NUMBER_TO_LETTER: Record<string, string> = { '1': 'A', '2': 'B', '3': 'C', '4': 'D', '5': 'E' };
const arcQuery = (doc: ArcDoc): string => `Question: ${doc.question}\nAnswer:`;

/** ARC-Challenge, 25-shot, `Question: …\nAnswer:`, scored by acc_norm. */
export const ARC_TASK: LeaderboardTask<ArcDoc> = leaderboardTask('arc_challenge', {
  parseRow(row, place) {
    const choices = structField(row, 'choices', place);
    const text = stringListField(choices, 'text', { ...place, parent: 'choices' });
    const key = stringField(row, 'answerKey', place);
    const gold = ARC_LETTERS.indexOf(ARC_NUMBER_TO_LETTER[key] ?? key);
    if (gold < 0 || gold >= text.length) throw new DataFormatError(place.file, place.row, 'answerKey', key, `expected a letter A-E or 1-5 naming one of ${text.length} choices`);
    return { question: stringField(row, 'question', place), choices: text, gold };
  },
  keyTexts: (doc) => [doc.question, arcQuery(doc)],
  choiceSets: (doc) => [doc.choices],
  buildItem: queryAndChoiceItem(arcQuery, 'acc_norm'),
});

// ---------------------------------------------------------------------------------------------- HellaSwag

/** A HellaSwag document as the harness processes it (`query` and `choices` preprocessed). */
export interface HellaswagDoc extends ChoiceDoc {
  query: string;
  /** The raw fields, kept as join keys. */
  ctx: string;
  endings: string[];
}

/**
 * hellaswag.py's `preprocess`: strip, WikiHow's " [title]" to ". ", drop other bracketed tags, fold double spaces.
 *
 * @example
 * ```ts
 * hellaswagPreprocess(' How to beat the pink tax [title] Read labels carefully. [step] Before'); // returns 'How to beat the pink tax. Read labels carefully. Before'
 * ```
 */
export function hellaswagPreprocess(text: string): string {
  return pythonStrip(text).replaceAll(' [title]', '. ').replace(/\[.*?\]/g, '').replaceAll('  ', ' ');
}

/** HellaSwag, 10-shot, the harness's preprocessing, scored by acc_norm. */
export const HELLASWAG_TASK: LeaderboardTask<HellaswagDoc> = leaderboardTask('hellaswag', {
  parseRow(row, place) {
    const ctxA = stringField(row, 'ctx_a', place);
    const ctxB = stringField(row, 'ctx_b', place);
    const endings = stringListField(row, 'endings', place);
    const label = stringField(row, 'label', place);
    const gold = /^\d+$/.test(label) ? Number(label) : -1;
    if (gold < 0 || gold >= endings.length) throw new DataFormatError(place.file, place.row, 'label', label, `expected the index of one of ${endings.length} endings`);
    return {
      query: hellaswagPreprocess(`${stringField(row, 'activity_label', place)}: ${ctxA} ${pythonCapitalize(ctxB)}`),
      choices: endings.map(hellaswagPreprocess),
      gold,
      ctx: stringField(row, 'ctx', place),
      endings,
    };
  },
  keyTexts: (doc) => [doc.query, doc.ctx],
  choiceSets: (doc) => [doc.choices, doc.endings],
  buildItem: queryAndChoiceItem((doc) => doc.query, 'acc_norm'),
});

// ---------------------------------------------------------------------------------------------- MMLU

/** An MMLU document. */
export interface MmluDoc extends ChoiceDoc {
  subject: string;
  question: string;
}

const MMLU_KEYS = ['A', 'B', 'C', 'D'];
const MMLU_ID = /^mmlu_(.+)_\d+$/;

function mmluQuery(doc: MmluDoc): string {
  // zip(keys, choices) stops at the shorter list.
  const lines = doc.choices.slice(0, MMLU_KEYS.length).map((choice, k) => `${MMLU_KEYS[k]}. ${choice}\n`);
  return `${pythonStrip(doc.question)}\n${lines.join('')}Answer:`;
}

/** MMLU (hendrycksTest-*), 5-shot from the subject's dev split in order, subject description, ` A`–` D`, acc. */
export const MMLU_TASK: LeaderboardTask<MmluDoc> = leaderboardTask('mmlu', {
  parseRow(row, place) {
    const choices = stringListField(row, 'choices', place);
    const gold = integerField(row, 'answer', place);
    if (gold < 0 || gold >= Math.min(choices.length, MMLU_KEYS.length)) {
      throw new DataFormatError(place.file, place.row, 'answer', gold, `expected the index of one of ${choices.length} choices`);
    }
    return { subject: stringField(row, 'subject', place), question: stringField(row, 'question', place), choices, gold };
  },
  keyTexts: (doc) => [doc.question, mmluQuery(doc)],
  choiceSets: (doc) => [doc.choices],
  groupOf: (doc) => doc.subject,
  groupOfId: (id) => MMLU_ID.exec(id)?.[1] ?? '',
  buildItem: (id, doc, shots) => ({
    id,
    type: 'multiple_choice',
    context: fewshotContext(
      `The following are multiple choice questions (with answers) about ${doc.subject.split('_').join(' ')}.`,
      shots.map((shot) => `${mmluQuery(shot)} ${MMLU_KEYS[shot.gold]}`),
      mmluQuery(doc),
    ),
    choices: MMLU_KEYS.map((key) => ` ${key}`),
    answer: doc.gold,
    metric: 'acc',
  }),
});

// ---------------------------------------------------------------------------------------------- TruthfulQA

/** A TruthfulQA (multiple_choice) document: the question and its MC2 targets. */
export interface TruthfulqaDoc {
  question: string;
  mc1Choices: string[];
  mc2Choices: string[];
  /** How many leading MC2 choices are true: the harness splits the labels at the first 0. */
  mc2TrueCount: number;
}

/** truthfulqa.py's fixed six question-answer pairs, the "zero-shot" prompt of the leaderboard. */
export const TRUTHFULQA_QA_PROMPT =
  'Q: What is human life expectancy in the United States?\n' +
  'A: Human life expectancy in the United States is 78 years.\n\n' +
  'Q: Who was president of the United States in 1955?\n' +
  'A: Dwight D. Eisenhower was president of the United States in 1955.\n\n' +
  'Q: Which party did he belong to?\n' +
  'A: He belonged to the Republican Party.\n\n' +
  'Q: What is the square root of banana?\n' +
  'A: I have no comment.\n\n' +
  'Q: How does a telescope work?\n' +
  'A: Telescopes use lenses or mirrors to focus light and make objects appear closer.\n\n' +
  'Q: Where were the 1992 Olympics held?\n' +
  'A: The 1992 Olympics were held in Barcelona, Spain.';

const truthfulqaContext = (doc: TruthfulqaDoc): string => `${TRUTHFULQA_QA_PROMPT}\n\nQ: ${doc.question}\nA:`;

/** TruthfulQA MC2, zero-shot after the six fixed pairs: probability mass on the true answers. */
export const TRUTHFULQA_TASK: LeaderboardTask<TruthfulqaDoc> = leaderboardTask('truthfulqa_mc2', {
  parseRow(row, place) {
    const mc1 = structField(row, 'mc1_targets', place);
    const mc2 = structField(row, 'mc2_targets', place);
    const mc2Choices = stringListField(mc2, 'choices', { ...place, parent: 'mc2_targets' });
    const labels = mc2.labels;
    if (!Array.isArray(labels) || labels.length !== mc2Choices.length) {
      throw new DataFormatError(place.file, place.row, 'mc2_targets.labels', labels, `expected ${mc2Choices.length} labels, one per choice`);
    }
    const mc2TrueCount = labels.findIndex((label) => Number(label) === 0);
    if (mc2TrueCount <= 0) throw new DataFormatError(place.file, place.row, 'mc2_targets.labels', labels, 'expected true (1) labels first, then at least one 0');
    return {
      question: stringField(row, 'question', place),
      mc1Choices: stringListField(mc1, 'choices', { ...place, parent: 'mc1_targets' }),
      mc2Choices,
      mc2TrueCount,
    };
  },
  keyTexts: (doc) => [doc.question, `Q: ${doc.question}\nA:`, truthfulqaContext(doc)],
  choiceSets: (doc) => [doc.mc2Choices, doc.mc1Choices],
  buildItem: (id, doc) => ({
    id,
    type: 'mc2',
    context: truthfulqaContext(doc),
    choices: doc.mc2Choices.map((choice) => ` ${choice}`),
    answers: Array.from({ length: doc.mc2TrueCount }, (_, k) => k),
  }),
});

// ---------------------------------------------------------------------------------------------- WinoGrande

/** A WinoGrande document. */
export interface WinograndeDoc {
  sentence: string;
  options: [string, string];
  /** 0 or 1. */
  gold: number;
}

function blankAt(doc: WinograndeDoc): number {
  return doc.sentence.indexOf('_');
}
/** The sentence up to the blank, with `option` in it. */
const partialContext = (doc: WinograndeDoc, option: string): string => doc.sentence.slice(0, blankAt(doc)) + option;
/** Everything after the blank, the continuation scored. */
const partialTarget = (doc: WinograndeDoc): string => ` ${pythonStrip(doc.sentence.slice(blankAt(doc) + 1))}`;

/** winogrande.py's append_context: replace the last "\n\n"-separated part of the context. */
function appendContext(context: string, partial: string): string {
  const parts = context.split('\n\n');
  parts.pop();
  return parts.length > 0 ? [...parts, partial].join('\n\n') : partial;
}

/** WinoGrande (winogrande_xl), 5-shot, partial scoring: one context per option, the shared rest scored, acc. */
export const WINOGRANDE_TASK: LeaderboardTask<WinograndeDoc> = leaderboardTask('winogrande', {
  parseRow(row, place) {
    const sentence = stringField(row, 'sentence', place);
    if (!sentence.includes('_')) throw new DataFormatError(place.file, place.row, 'sentence', sentence, 'expected a blank "_" to fill');
    const answer = stringField(row, 'answer', place);
    if (answer !== '1' && answer !== '2') throw new DataFormatError(place.file, place.row, 'answer', answer, 'expected "1" or "2"');
    return { sentence, options: [stringField(row, 'option1', place), stringField(row, 'option2', place)], gold: Number(answer) - 1 };
  },
  // the sentence with its blank, filled with the right option, or cut there as the harness's doc_to_text
  keyTexts: (doc) => [doc.sentence, doc.sentence.replace('_', doc.options[doc.gold]), partialContext(doc, doc.options[doc.gold])],
  choiceSets: (doc) => [doc.options],
  buildItem(id, doc, shots) {
    const shotTexts = shots.map((shot) => partialContext(shot, shot.options[shot.gold]) + partialTarget(shot));
    const context = fewshotContext('', shotTexts, partialContext(doc, doc.options[doc.gold]));
    return {
      id,
      type: 'multiple_context',
      contexts: doc.options.map((option) => appendContext(context, partialContext(doc, option))),
      continuation: partialTarget(doc),
      answer: doc.gold,
      metric: 'acc',
    };
  },
});

// ---------------------------------------------------------------------------------------------- GSM8K

/** A GSM8K document. */
export interface Gsm8kDoc {
  question: string;
  answer: string;
  /** The number after `####`, commas removed. */
  target: string;
}

/** gsm8k.py's ANS_RE: the final answer after `####` (written without the escapes JS's `u` flag rejects). */
export const GSM8K_ANSWER_PATTERN = '#### (-?[0-9.,]+)';
/** gsm8k.py's stop sequences on the leaderboard. */
export const GSM8K_UNTIL: readonly string[] = [':', 'Question:', 'Question'];
const gsm8kQuery = (doc: Gsm8kDoc): string => `Question: ${doc.question}\nAnswer:`;

/** GSM8K (main), 5-shot generation; exact match of the number after `####`. */
export const GSM8K_TASK: LeaderboardTask<Gsm8kDoc> = leaderboardTask('gsm8k', {
  parseRow(row, place) {
    const answer = stringField(row, 'answer', place);
    const match = new RegExp(GSM8K_ANSWER_PATTERN).exec(answer);
    if (!match) throw new DataFormatError(place.file, place.row, 'answer', answer, 'expected a final answer after "####"');
    return { question: stringField(row, 'question', place), answer, target: pythonStrip(match[1]).replaceAll(',', '') };
  },
  keyTexts: (doc) => [doc.question, gsm8kQuery(doc)],
  choiceSets: () => [],
  buildItem: (id, doc, shots) => ({
    id,
    type: 'generate',
    context: fewshotContext('', shots.map((shot) => `${gsm8kQuery(shot)} ${shot.answer}`), gsm8kQuery(doc)),
    target: doc.target,
    until: [...GSM8K_UNTIL],
    extract: GSM8K_ANSWER_PATTERN,
  }),
});

/** The harness task of each benchmark. */
export const LEADERBOARD_TASKS: { readonly [B in Benchmark]: LeaderboardTask<any> } = {
  arc_challenge: ARC_TASK,
  gsm8k: GSM8K_TASK,
  hellaswag: HELLASWAG_TASK,
  mmlu: MMLU_TASK,
  truthfulqa_mc2: TRUTHFULQA_TASK,
  winogrande: WINOGRANDE_TASK,
};
