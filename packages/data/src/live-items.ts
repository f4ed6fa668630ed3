// The items `fluid eval` asks a live model, one JSON object a line. The first two kinds are the harness's
// basic ones; `mc2` and `multiple_context` carry what TruthfulQA and WinoGrande need. Browser-safe.

/** One context, several continuations; the highest (length-normalized for `acc_norm`) log-likelihood wins. */
export interface MultipleChoiceItem {
  id: string;
  type: 'multiple_choice';
  /** The whole prompt before the answer (few-shot examples included). */
  context: string;
  /** Each continuation exactly as scored, leading space included. */
  choices: string[];
  /** 0-based index of the correct choice. */
  answer: number;
  metric: 'acc' | 'acc_norm';
}

/** Greedy generation, cut at the first of `until`; the number `extract` finds is compared with `target`. */
export interface GenerateItem {
  id: string;
  type: 'generate';
  context: string;
  target: string;
  until: string[];
  /** A regular expression whose first group is the answer (commas removed before comparing). */
  extract: string;
}

/**
 * TruthfulQA's MC2: several true choices. The score is the probability mass of the true choices,
 * normalized over all choices; the answer counts as correct when that mass is at least 0.5 (the paper
 * binarizes MC2 scores at 0.5).
 */
export interface Mc2Item {
  id: string;
  type: 'mc2';
  context: string;
  choices: string[];
  /** 0-based indices of the true choices. */
  answers: number[];
}

/**
 * WinoGrande's partial scoring: one context per option, one shared continuation; the context under which
 * the continuation is most likely wins.
 */
export interface MultipleContextItem {
  id: string;
  type: 'multiple_context';
  contexts: string[];
  /** Scored after each context, leading space included. */
  continuation: string;
  /** 0-based index of the correct context. */
  answer: number;
  metric: 'acc';
}

/** Any item of an items file. */
export type LiveItem = MultipleChoiceItem | GenerateItem | Mc2Item | MultipleContextItem;

/**
 * Serializes items as JSON lines, one item a line, keys in a fixed order so that two builds of the same
 * items are byte for byte equal.
 *
 * @example
 * ```ts
 * formatItemsJsonl([{ id: 'q1', type: 'multiple_choice', context: 'Q?', choices: [' a', ' b'], answer: 1, metric: 'acc' }]);
 * // returns '{"id":"q1","type":"multiple_choice","context":"Q?","choices":[" a"," b"],"answer":1,"metric":"acc"}\n'
 * ```
 */
export function formatItemsJsonl(items: readonly LiveItem[]): string {
  return items.map((item) => `${JSON.stringify(item)}\n`).join('');
}
