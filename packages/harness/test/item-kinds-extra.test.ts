// The two kinds the paper's benchmarks need beyond multiple_choice and generate: mc2 (TruthfulQA) and
// multiple_context (WinoGrande), against a Backend that returns chosen log-likelihoods.
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '@fluidbench/core';
import { BackendError, ItemsFormatError, kindOf, mc2Mass, parseItemsJsonl, type Backend, type ScoreRequest } from '../src/index';

/** A backend that scores `context + continuation` from a table, and records what it was asked. */
function tableBackend(table: Record<string, number>): Backend & { asked: ScoreRequest[] } {
  const asked: ScoreRequest[] = [];
  return {
    asked,
    async scoreChoices(request) {
      asked.push(request);
      return request.continuations.map((continuation) => table[request.context + continuation]);
    },
    async generate() {
      return 'B';
    },
  };
}

describe('mc2Mass', () => {
  it('is the normalized probability of the true choices, as lm-evaluation-harness computes it', () => {
    // p = exp(ll): 0.3, 0.1 true; 0.2 false -> 0.4 / 0.6
    expect(mc2Mass([Math.log(0.3), Math.log(0.1), Math.log(0.2)], [0, 1])).toBeCloseTo(2 / 3, 15);
    // Long continuations: exp underflows to 0 directly; relative to the largest it does not. e^-1 / (1 + e^-1)
    expect(mc2Mass([-2000, -2001], [1])).toBeCloseTo(Math.exp(-1) / (1 + Math.exp(-1)), 15);
  });
});

describe('mc2 items', () => {
  const line = (fields: Record<string, unknown>) => `${JSON.stringify({ id: 'tq1', type: 'mc2', context: 'Q: Why?\nA:', choices: [' yes', ' no', ' maybe'], answers: [0, 2], ...fields })}\n`;

  it('parse, and score the mass of the true choices, kept unbinarized in [0, 1]', async () => {
    const [item] = parseItemsJsonl(line({}), { file: 'items.jsonl' });
    expect(item).toEqual({ id: 'tq1', type: 'mc2', context: 'Q: Why?\nA:', choices: [' yes', ' no', ' maybe'], answers: [0, 2] });
    const backend = tableBackend({ 'Q: Why?\nA: yes': Math.log(0.2), 'Q: Why?\nA: no': Math.log(0.6), 'Q: Why?\nA: maybe': Math.log(0.2) });
    const answer = await kindOf(item).ask(item, { backend, model: 'm', mcMode: 'loglikelihood' });
    expect(answer.correct).toBeCloseTo(0.4, 15); // below 0.5: the adaptive test counts it wrong
    expect(backend.asked).toHaveLength(1);
    expect(backend.asked[0].continuations).toEqual([' yes', ' no', ' maybe']);
  });

  it('reject answers that are empty, out of range, repeated or all the choices', () => {
    for (const answers of [[], [3], [0, 0], [0, 1, 2], 'all']) {
      expect(() => parseItemsJsonl(line({ answers }), { file: 'items.jsonl' })).toThrow(ItemsFormatError);
    }
    expect(() => parseItemsJsonl(line({ answers: [5] }), { file: 'items.jsonl' })).toThrow('items.jsonl, line 1, field "answers": must list the 0-based indices of the true choices');
  });

  it('in --mc-mode generate, a named true choice counts as right', async () => {
    const [item] = parseItemsJsonl(line({ answers: [1] }), { file: 'items.jsonl' });
    expect((await kindOf(item).ask(item, { backend: tableBackend({}), model: 'm', mcMode: 'generate' })).correct).toBe(1);
  });
});

describe('multiple_context items', () => {
  const record = { id: 'wg1', type: 'multiple_context', contexts: ['Ann beat Bo so Ann', 'Ann beat Bo so Bo'], continuation: ' won.', answer: 0, metric: 'acc' };

  it('score the continuation after each context and pick the context under which it is most likely', async () => {
    const [item] = parseItemsJsonl(`${JSON.stringify(record)}\n`, { file: 'items.jsonl' });
    expect(item).toEqual(record);
    const backend = tableBackend({ 'Ann beat Bo so Ann won.': -1.5, 'Ann beat Bo so Bo won.': -3 });
    const answer = await kindOf(item).ask(item, { backend, model: 'm', mcMode: 'loglikelihood' });
    expect(answer).toEqual({ correct: 1, scores: [-1.5, -3] });
    expect(backend.asked.map((request) => [request.context, request.continuations])).toEqual([
      ['Ann beat Bo so Ann', [' won.']],
      ['Ann beat Bo so Bo', [' won.']],
    ]);
    const wrong = await kindOf(item).ask(item, { backend: tableBackend({ 'Ann beat Bo so Ann won.': -4, 'Ann beat Bo so Bo won.': -3 }), model: 'm', mcMode: 'loglikelihood' });
    expect(wrong.correct).toBe(0);
    // equal scores: the first context, as numpy's argmax
    const tie = await kindOf(item).ask(item, { backend: tableBackend({ 'Ann beat Bo so Ann won.': -2, 'Ann beat Bo so Bo won.': -2 }), model: 'm', mcMode: 'loglikelihood' });
    expect(tie.correct).toBe(1);
  });

  it('a malformed score is a BackendError; --mc-mode generate is refused; bad fields name the line', async () => {
    const [item] = parseItemsJsonl(`${JSON.stringify(record)}\n`, { file: 'items.jsonl' });
    await expect(kindOf(item).ask(item, { backend: tableBackend({}), model: 'm', mcMode: 'loglikelihood' })).rejects.toThrow(BackendError);
    expect(() => kindOf(item).request(item, 'generate')).toThrow(InvalidArgumentError);
    expect(() => parseItemsJsonl(`${JSON.stringify({ ...record, answer: 2 })}\n`, { file: 'w.jsonl' })).toThrow('w.jsonl, line 1, field "answer": must be the 0-based index of a context (0–1) (got 2)');
    expect(() => parseItemsJsonl(`${JSON.stringify({ ...record, contexts: ['only one'] })}\n`, { file: 'w.jsonl' })).toThrow('field "contexts"');
    expect(() => parseItemsJsonl(`${JSON.stringify({ ...record, metric: 'acc_norm' })}\n`, { file: 'w.jsonl' })).toThrow('field "metric": must be acc');
  });
});
