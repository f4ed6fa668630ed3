import { parseLetter } from '../scoring/letter';
import { mc2Mass } from '../scoring/mc2';
import { requireAlternatives, requireString, type AskContext, type BaseItem, type ItemAnswer, type ItemKind } from './item-kind';
import { askLetter, choiceRequest, scoreAllChoices } from './multiple-choice';

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
  request: choiceRequest,
  async ask(item, context: AskContext): Promise<ItemAnswer> {
    if (context.mcMode === 'generate') {
      // Without log-likelihoods there is no probability mass: a named true choice counts as right.
      const reply = await askLetter(item, context);
      return { correct: item.answers.includes(parseLetter(reply, item.choices.length)) ? 1 : 0, reply };
    }
    const scores = await scoreAllChoices(item, context);
    return { correct: mc2Mass(scores, item.answers), scores };
  },
};
