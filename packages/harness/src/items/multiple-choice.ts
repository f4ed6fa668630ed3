import { BackendError } from '../errors';
import { CHOICE_METRICS, chooseContinuation, type ChoiceMetric } from '../scoring/choice';
import { letterPrompt, parseLetter } from '../scoring/letter';
import { requireAlternatives, requireString, type AskContext, type BaseItem, type ItemAnswer, type ItemKind, type McMode } from './item-kind';

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
  request: choiceRequest,
  async ask(item, context: AskContext): Promise<ItemAnswer> {
    if (context.mcMode === 'generate') {
      const reply = await askLetter(item, context);
      return { correct: parseLetter(reply, item.choices.length) === item.answer ? 1 : 0, reply };
    }
    const scores = await scoreAllChoices(item, context);
    return { correct: chooseContinuation(scores, item.choices, item.metric) === item.answer ? 1 : 0, scores };
  },
};

/**
 * The request of a choice item (`multiple_choice`, `mc2`): the letter prompt, or the choices to score.
 *
 * @example
 * ```ts
 * choiceRequest({ context: 'Sky:', choices: [' blue', ' red'] }, 'loglikelihood'); // returns { kind: 'loglikelihood', context: 'Sky:', continuations: [' blue', ' red'] }
 * ```
 */
export function choiceRequest(item: { context: string; choices: string[] }, mcMode: McMode): unknown {
  return mcMode === 'generate'
    ? { kind: 'letter', prompt: letterPrompt(item.context, item.choices), max_tokens: LETTER_MAX_TOKENS }
    : { kind: 'loglikelihood', context: item.context, continuations: item.choices };
}

/**
 * Asks for the letter of a choice item (`--mc-mode generate`); the reply as given.
 *
 * @example
 * ```ts
 * await askLetter({ id: 'q1', context: 'Sky:', choices: [' blue', ' red'] }, { backend, model: 'm', mcMode: 'generate' }); // returns 'A'
 * ```
 */
export function askLetter(item: { id: string; context: string; choices: string[] }, { backend, model, signal }: AskContext): Promise<string> {
  return backend.generate({ model, itemId: item.id, prompt: letterPrompt(item.context, item.choices), until: ['\n'], maxTokens: LETTER_MAX_TOKENS, signal });
}

/**
 * Each choice's log-likelihood after the context, checked to be one number per choice.
 *
 * @throws {BackendError} ('malformed') when the backend returns another count or a non-number.
 * @example
 * ```ts
 * await scoreAllChoices({ id: 'q1', context: 'Sky:', choices: [' blue', ' red'] }, { backend, model: 'm', mcMode: 'loglikelihood' }); // returns [-0.4, -5.1]
 * ```
 */
export async function scoreAllChoices(item: { id: string; context: string; choices: string[] }, { backend, model, signal }: AskContext): Promise<number[]> {
  const scores = await backend.scoreChoices({ model, itemId: item.id, context: item.context, continuations: item.choices, signal });
  if (scores.length !== item.choices.length || scores.some((s) => typeof s !== 'number' || Number.isNaN(s))) {
    throw new BackendError('malformed', `expected ${item.choices.length} log-likelihoods, got ${JSON.stringify(scores)}`, { model, item: item.id });
  }
  return scores;
}
