import { BackendError } from '../errors';
import { letterPrompt, parseLetter } from '../scoring/letter';
import { mc2Mass } from '../scoring/mc2';
import { requireAlternatives, requireString, type AskContext, type BaseItem, type ItemAnswer, type ItemKind } from './item-kind';
import { LETTER_MAX_TOKENS } from './multiple-choice';

/**
 * Several true choices (TruthfulQA MC2): the answer's score is the normalized probability mass of the true
 * choices ({@link mc2Mass}), kept as `correct` in [0, 1]; the adaptive test counts it right at ≥ 0.5, as
 * the paper binarizes MC2 scores.
 */
export interface Mc2Item extends BaseItem {
  type: 'mc2';
  context: string;
  /** Each continuation exactly as scored, leading space included. */
  choices: string[];
  /** 0-based indices of the true choices (at least one, not all). */
  answers: number[];
}

/** The `mc2` kind. */
export const mc2Kind: ItemKind<Mc2Item> = {
  type: 'mc2',
  parse(id, record) {
    const context = requireString(record, 'context', { nonEmpty: true });
    const choices = requireAlternatives(record, 'choices');
    const answers = record.get('answers');
    const valid =
      Array.isArray(answers) &&
      answers.length >= 1 &&
      answers.length < choices.length &&
      answers.every((k, at) => Number.isInteger(k) && k >= 0 && k < choices.length && answers.indexOf(k) === at);
    if (!valid) record.fail('answers', answers, `must list the 0-based indices of the true choices (at least one, not all ${choices.length}, no repeats)`);
    return { id, type: 'mc2', context, choices, answers: answers as number[] };
  },
  request(item, mcMode) {
    return mcMode === 'generate'
      ? { kind: 'letter', prompt: letterPrompt(item.context, item.choices), max_tokens: LETTER_MAX_TOKENS }
      : { kind: 'loglikelihood', context: item.context, continuations: item.choices };
  },
  async ask(item, { backend, model, mcMode, signal }: AskContext): Promise<ItemAnswer> {
    if (mcMode === 'generate') {
      // Without log-likelihoods there is no probability mass: a named true choice counts as right.
      const reply = await backend.generate({ model, itemId: item.id, prompt: letterPrompt(item.context, item.choices), until: ['\n'], maxTokens: LETTER_MAX_TOKENS, signal });
      return { correct: item.answers.includes(parseLetter(reply, item.choices.length)) ? 1 : 0, reply };
    }
    const scores = await backend.scoreChoices({ model, itemId: item.id, context: item.context, continuations: item.choices, signal });
    if (scores.length !== item.choices.length || scores.some((s) => typeof s !== 'number' || Number.isNaN(s))) {
      throw new BackendError('malformed', `expected ${item.choices.length} log-likelihoods, got ${JSON.stringify(scores)}`, { model, item: item.id });
    }
    return { correct: mc2Mass(scores, item.answers), scores };
  },
};
