// evaluate() with a Backend of our own (no HTTP): concurrency bound, top-k batches, stopping by SE, abort.
import { beforeAll, describe, expect, it } from 'vitest';
import * as oracle from '@fluidbench/oracle';
import { DEFAULT_ENGINE_OPTIONS, initSync } from '@fluidbench/core';
import { EvaluationAbortedError, MemoryJournal, evaluate, parseItemsJsonl, type Backend } from '../src/index';
import { answersCorrectly } from './simulated-lm-server.mjs';
import { makeWorld } from './world';

beforeAll(() => initSync());
const world = makeWorld(200, 5, { generate: false });
const items = parseItemsJsonl(world.items.map((item) => JSON.stringify(item)).join('\n'));
const THETA: Record<string, number> = { low: -1, mid: 0, high: 1 };

/** An in-process LM: the right continuation gets log-likelihood -1 when it answers correctly, the others -9. */
function inProcessBackend(tracker = { inFlight: 0, most: 0 }, delayMs = 0): Backend {
  return {
    async scoreChoices({ model, itemId, continuations }) {
      tracker.inFlight++;
      tracker.most = Math.max(tracker.most, tracker.inFlight);
      await new Promise((resolve) => setTimeout(resolve, delayMs));
      tracker.inFlight--;
      const i = world.ids.indexOf(itemId);
      const item = world.items[i];
      const chosen = answersCorrectly(model, itemId, THETA[model], world.a[i], world.b[i]) ? item.answer! : (item.answer! + 1) % continuations.length;
      return continuations.map((_, k) => (k === chosen ? -1 : -9));
    },
    async generate() {
      throw new Error('no generate items in this world');
    },
  };
}

describe('evaluate with an in-process backend', () => {
  it('keeps requests in flight within the concurrency bound across models', async () => {
    const tracker = { inFlight: 0, most: 0 };
    const results = await evaluate({ bank: world.bank, items, backend: inProcessBackend(tracker, 2), models: Object.keys(THETA), nMax: 24, batch: 4, concurrency: 3 });
    expect(tracker.most).toBe(3);
    expect(results.map((r) => r.items.length)).toEqual([24, 24, 24]);
  });

  it('asks the top-k items by information at the start as the first batch, best first', async () => {
    const asked: string[] = [];
    const backend = inProcessBackend();
    const recording: Backend = { ...backend, scoreChoices: (request) => (asked.push(request.itemId), backend.scoreChoices(request)) };
    const [result] = await evaluate({ bank: world.bank, items, backend: recording, models: ['mid'], nMax: 8, batch: 8, concurrency: 1 });
    const byInformation = world.ids.map((id, i) => ({ id, info: oracle.information(world.bank, i, 0, DEFAULT_ENGINE_OPTIONS.D) })).sort((x, y) => y.info - x.info);
    expect(result.itemIds).toEqual(byInformation.slice(0, 8).map((entry) => entry.id));
    expect(asked).toEqual(result.itemIds);
  });

  it('stops on the SE threshold', async () => {
    const [result] = await evaluate({ bank: world.bank, items, backend: inProcessBackend(), models: ['high'], nMax: 200, minSe: 0.35 });
    expect(result.stopReason).toBe('min_se');
    expect(result.se.at(-1)!).toBeLessThan(0.35);
    expect(result.se.at(-2)!).toBeGreaterThanOrEqual(0.35);
    expect(result.items.length).toBeLessThan(200);
  });

  it('stops on abort with EvaluationAbortedError, keeping what was answered', async () => {
    const controller = new AbortController();
    const journal = new MemoryJournal();
    const error = await evaluate({
      bank: world.bank, items, backend: inProcessBackend(undefined, 1), models: ['low', 'high'], nMax: 100, journal, signal: controller.signal,
      onProgress: (event) => { if (event.type === 'answer' && journal.entries.length >= 10) controller.abort(); },
    }).catch((e) => e);
    expect(error).toBeInstanceOf(EvaluationAbortedError);
    expect(journal.entries.length).toBeGreaterThanOrEqual(10);
    expect(journal.entries.length).toBeLessThan(20);
  });

  it('rejects a bad batch, concurrency or model list by name', async () => {
    const base = { bank: world.bank, items, backend: inProcessBackend(), models: ['low'] };
    await expect(evaluate({ ...base, batch: 0 })).rejects.toThrow('batch: must be a positive integer (got 0)');
    await expect(evaluate({ ...base, concurrency: 1.5 })).rejects.toThrow('concurrency: must be a positive integer (got 1.5)');
    await expect(evaluate({ ...base, models: ['low', 'low'] })).rejects.toThrow('models: each model must be a non-empty name, given once (got "low")');
  });
});
