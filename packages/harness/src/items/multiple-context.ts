import { InvalidArgumentError } from '@fluidbench/core';
import { BackendError } from '../errors';
import { requireAlternatives, requireString, type AskContext, type BaseItem, type ItemAnswer, type ItemKind } from './item-kind';

/**
 * Several contexts, one continuation (WinoGrande's partial scoring, as lm-evaluation-harness does it): the
 * continuation is scored after each context, and the context under which it is most likely is the model's
 * answer. One scoring request per context.
 */
export interface MultipleContextItem extends BaseItem {
  type: 'multiple_context';
  /** Everything before the continuation, once per option. */
  contexts: string[];
  /** Scored after each context, leading space included. */
  continuation: string;
  /** 0-based index of the right context. */
  answer: number;
  /** Only 'acc': the continuation is the same under every context, so normalizing by its length changes nothing. */
  metric: 'acc';
}

/** The `multiple_context` kind. Log-likelihood scoring only: there is no letter to ask for. */
export const multipleContextKind: ItemKind<MultipleContextItem> = {
  type: 'multiple_context',
  parse(id, record) {
    const contexts = requireAlternatives(record, 'contexts');
    const continuation = requireString(record, 'continuation', { nonEmpty: true });
    const answer = record.get('answer') as number;
    if (!(typeof answer === 'number' && Number.isInteger(answer) && answer >= 0 && answer < contexts.length)) {
      record.fail('answer', answer, `must be the 0-based index of a context (0–${contexts.length - 1})`);
    }
    const metric = record.get('metric') ?? 'acc';
    if (metric !== 'acc') record.fail('metric', metric, 'must be acc');
    return { id, type: 'multiple_context', contexts, continuation, answer, metric: 'acc' };
  },
  request(item, mcMode) {
    if (mcMode === 'generate') {
      throw new InvalidArgumentError('mcMode', mcMode, `item ${JSON.stringify(item.id)} is multiple_context (WinoGrande): it needs log-likelihood scoring (--mc-mode loglikelihood)`);
    }
    return { kind: 'loglikelihood', contexts: item.contexts, continuation: item.continuation };
  },
  async ask(item, { backend, model, signal }: AskContext): Promise<ItemAnswer> {
    const scores = await Promise.all(
      item.contexts.map(async (context) => {
        const [score, ...extra] = await backend.scoreChoices({ model, itemId: item.id, context, continuations: [item.continuation], signal });
        if (typeof score !== 'number' || Number.isNaN(score) || extra.length > 0) {
          throw new BackendError('malformed', `expected 1 log-likelihood per context, got ${JSON.stringify([score, ...extra])}`, { model, item: item.id });
        }
        return score;
      }),
    );
    // numpy's argmax: the first of equal maxima
    const chosen = scores.reduce((best, value, k) => (value > scores[best] ? k : best), 0);
    return { correct: chosen === item.answer ? 1 : 0, scores };
  },
};
