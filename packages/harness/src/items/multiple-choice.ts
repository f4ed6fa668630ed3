import { BackendError } from '../errors';
import { CHOICE_METRICS, chooseContinuation, type ChoiceMetric } from '../scoring/choice';
import { letterPrompt, parseLetter } from '../scoring/letter';
import { requireAlternatives, requireString, type AskContext, type BaseItem, type ItemAnswer, type ItemKind } from './item-kind';

/** Tokens to generate for the letter in `--mc-mode generate`. */
export const LETTER_MAX_TOKENS = 8;

/**
 * A multiple-choice item scored by log-likelihood, as lm-evaluation-harness does: `context` is the whole
 * prompt before the answer; each choice is the continuation exactly as scored (leading space included).
 */
export interface MultipleChoiceItem extends BaseItem {
  type: 'multiple_choice';
  context: string;
  choices: string[];
  /** 0-based index of the right choice. */
  answer: number;
  /** Default 'acc'. */
  metric: ChoiceMetric;
}

/** The `multiple_choice` kind. */
export const multipleChoiceKind: ItemKind<MultipleChoiceItem> = {
  type: 'multiple_choice',
  parse(id, record) {
    const context = requireString(record, 'context', { nonEmpty: true });
    const choices = requireAlternatives(record, 'choices');
    const answer = record.get('answer') as number;
    if (!(typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < choices.length)) {
      record.fail('answer', answer, `must be the 0-based index of a choice (0–${choices.length - 1})`);
    }
    const metric = record.get('metric') ?? 'acc';
    if (!CHOICE_METRICS.includes(metric as ChoiceMetric)) record.fail('metric', metric, `must be one of ${CHOICE_METRICS.join(', ')}`);
    return { id, type: 'multiple_choice', context, choices, answer, metric: metric as ChoiceMetric };
  },
  request(item, mcMode) {
    return mcMode === 'generate'
      ? { kind: 'letter', prompt: letterPrompt(item.context, item.choices), max_tokens: LETTER_MAX_TOKENS }
      : { kind: 'loglikelihood', context: item.context, continuations: item.choices };
  },
  async ask(item, { backend, model, mcMode, signal }: AskContext): Promise<ItemAnswer> {
    if (mcMode === 'generate') {
      const reply = await backend.generate({ model, itemId: item.id, prompt: letterPrompt(item.context, item.choices), until: ['\n'], maxTokens: LETTER_MAX_TOKENS, signal });
      return { correct: parseLetter(reply, item.choices.length) === item.answer ? 1 : 0, reply };
    }
    const scores = await backend.scoreChoices({ model, itemId: item.id, context: item.context, continuations: item.choices, signal });
    if (scores.length !== item.choices.length || scores.some((s) => typeof s !== 'number' || Number.isNaN(s))) {
      throw new BackendError('malformed', `expected ${item.choices.length} log-likelihoods, got ${JSON.stringify(scores)}`, { model, item: item.id });
    }
    return { correct: chooseContinuation(scores, item.choices, item.metric) === item.answer ? 1 : 0, scores };
  },
};
