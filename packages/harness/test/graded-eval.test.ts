// Live evaluation on graded banks: answers become categories (an MC2 mass mapped to the nearest score value,
// k-of-n samples counted), against the loopback OpenAI-protocol server with the real `openai` client.
import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, initSync, spearman } from '@fluidbench/core';
import { MemoryJournal, createOpenAIBackend, evaluate, mc2Mass, parseItemsJsonl, type Item } from '../src/index';
import { evenScoreValues, gradedCategory } from '../src/scoring/graded';
import { startSimulatedLmServer, uniformFor, type SimulatedLmServer } from './simulated-lm-server.mjs';
import { EIGHT_LMS, grmCategory, makeGradedWorld } from './world';

beforeAll(() => initSync());

const FIVE = [0, 0.25, 0.5, 0.75, 1];
let server: SimulatedLmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const asItems = (records: readonly object[]): Item[] => parseItemsJsonl(records.map((record) => JSON.stringify(record)).join('\n'));
/** The 2PL fields the server's own (unused here) answer rule reads: a and the first threshold. */
const serverBank = (world: ReturnType<typeof makeGradedWorld>) => ({ ids: world.ids, a: world.a, b: world.thresholds.map((row) => row[0]) });

describe('mapping a live score to a category', () => {
  it('takes the nearest score value, ties to the higher category (hand-computed)', () => {
    expect(evenScoreValues(5)).toEqual(FIVE);
    expect(evenScoreValues(2)).toEqual([0, 1]);
    // |0.6 − 0.5| = 0.1 < |0.6 − 0.75| = 0.15
    expect(gradedCategory(0.6, FIVE)).toBe(2);
    // 0.625 is 0.125 from both 0.5 and 0.75 (exact in binary): the higher category
    expect(gradedCategory(0.625, FIVE)).toBe(3);
    expect(gradedCategory(0.124, FIVE)).toBe(0);
    expect(gradedCategory(1, FIVE)).toBe(4);
    // two categories reproduce the paper's binarization at ≥ 0.5
    expect(gradedCategory(0.5, [0, 1])).toBe(1);
    expect(gradedCategory(0.4999, [0, 1])).toBe(0);
    // uneven score values (a rubric's raw grades): 3.4 is nearest 3
    expect(gradedCategory(3.4, [1, 2, 3, 5])).toBe(2);
  });

  it('maps MC2 masses: 0.4 / 1.0 of the mass on the true choices is category 2 of 5; 0.3 is category 1', () => {
    const ll = [Math.log(0.3), Math.log(0.1), Math.log(0.2), Math.log(0.4)];
    expect(mc2Mass(ll, [0, 1])).toBeCloseTo(0.4, 15);
    expect(gradedCategory(mc2Mass(ll, [0, 1]), FIVE)).toBe(2); // 0.4: 0.1 from 0.5, 0.15 from 0.25
    expect(gradedCategory(mc2Mass(ll, [0]), FIVE)).toBe(1); // 0.3: 0.05 from 0.25
    expect(gradedCategory(mc2Mass(ll, [3]), [0, 1])).toBe(0); // 0.4 < 0.5: wrong, as the binarized paper
  });
});

describe('graded evaluation against a simulated vLLM server', () => {
  it('records the category nearest to each MC2 mass and recovers the ordering of eight LMs on a GRM bank', async () => {
    const world = makeGradedWorld(150, 5);
    // each LM draws its category from the GRM at its ability; the server reports a mass near that category's
    // score value (off by up to ±0.3 of a step, so the mapping must take the nearest, not an exact match)
    const drawn = (model: string, itemId: string) => {
      const j = world.bank.indexOf(itemId);
      return grmCategory(world.a[j], world.thresholds[j], EIGHT_LMS[model], uniformFor(model, itemId));
    };
    const mass = (model: string, itemId: string) => {
      const offset = 0.6 * (uniformFor(model, `${itemId}#mass`) - 0.5);
      return Math.min(0.995, Math.max(0.005, (drawn(model, itemId) + offset) / 4));
    };
    server = await startSimulatedLmServer({ items: world.items, bank: serverBank(world), models: EIGHT_LMS, mc2Mass: mass });
    const models = Object.keys(EIGHT_LMS);
    const results = await evaluate({ bank: world.bank, items: asItems(world.items), backend: createOpenAIBackend({ baseURL: server.url }), models, nMax: 40, batch: 2 });
    for (const result of results) {
      expect(result.items.length).toBe(40);
      result.itemIds.forEach((id, k) => {
        expect(result.categories![k]).toBe(drawn(result.model, id));
        expect(result.correct[k]).toBeCloseTo(mass(result.model, id), 12);
      });
    }
    const truth = models.map((model) => EIGHT_LMS[model]);
    expect(spearman(truth, results.map((result) => result.abilities.at(-1)!))).toBeGreaterThanOrEqual(0.95);
  });

  it('scores k of n samples as category k, sending n seeded requests at the sampling temperature', async () => {
    const world = makeGradedWorld(60, 5, { generate: true });
    const samples = 4;
    // sample s of item j is right with probability σ(θ − b_j1), decided by a hash of model, item and seed
    const sampleCorrect = (model: string, itemId: string, seed: number) => {
      const j = world.bank.indexOf(itemId);
      return uniformFor(model, `${itemId}#${seed}`) < 1 / (1 + Math.exp(-(EIGHT_LMS[model] - world.thresholds[j][0])));
    };
    const right = (model: string, itemId: string) => [0, 1, 2, 3].filter((seed) => sampleCorrect(model, itemId, seed)).length;
    server = await startSimulatedLmServer({ items: world.items, bank: serverBank(world), models: EIGHT_LMS, sampleCorrect });
    const journal = new MemoryJournal();
    const [result] = await evaluate({
      bank: world.bank, items: asItems(world.items), backend: createOpenAIBackend({ baseURL: server.url }), models: ['lm-e'], nMax: 12, samples, temperature: 0.7, journal,
    });
    expect(result.items.length).toBe(12);
    expect(result.requests).toBe(12 * samples);
    result.itemIds.forEach((id, k) => {
      expect(result.categories![k]).toBe(right('lm-e', id));
      expect(result.correct[k]).toBe(right('lm-e', id) / samples);
      const sent = server!.log.filter((entry) => entry.itemId === id);
      expect(sent.map((entry) => entry.seed)).toEqual([0, 1, 2, 3]);
      expect(sent.every((entry) => entry.temperature === 0.7)).toBe(true);
      expect(journal.lookup('lm-e', id)!.replies).toHaveLength(samples);
    });
    // the same answers mapped through the fork's score values give the same categories (k/4 is a score value)
    const again = await evaluate({
      bank: world.bank, items: asItems(world.items), backend: createOpenAIBackend({ baseURL: server.url }), models: ['lm-e'], nMax: 12, samples, temperature: 0.7, journal, scoreValues: FIVE,
    });
    expect(again[0].categories).toEqual(result.categories);
    expect(again[0].requests).toBe(0);
  });

  it('rejects score values of the wrong length and score values for a 1–4PL bank before any request', async () => {
    const world = makeGradedWorld(10, 5);
    const backend = createOpenAIBackend({ baseURL: 'http://127.0.0.1:9/v1' });
    await expect(evaluate({ bank: world.bank, items: asItems(world.items), backend, models: ['m'], scoreValues: [0, 0.5, 1] })).rejects.toThrow(InvalidArgumentError);
    await expect(evaluate({ bank: world.bank, items: asItems(world.items), backend, models: ['m'], samples: 0 })).rejects.toThrow(/samples/);
  });
});
