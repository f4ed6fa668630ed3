// evaluate() with a Backend of our own (no HTTP): concurrency bound, top-k batches, stopping by SE, abort.
import { beforeAll, describe, expect, it } from 'vitest';
import * as oracle from '@fluidbench/oracle';
import { DEFAULT_ENGINE_OPTIONS, fluidBenchmarking, initSync } from '@fluidbench/core';
import { EvaluationAbortedError, MemoryJournal, evaluate, fluidBenchmarkingBatched, parseItemsJsonl, type Backend } from '../src/index';
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
    expect(EvaluationAbortedError.isInstance(error)).toBe(true);
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

describe('fluidBenchmarkingBatched (replayed answers)', () => {
  const responses = world.ids.map((id, i) => (answersCorrectly('mid', id, 0.3, world.a[i], world.b[i]) ? 1 : 0));

  it('is fluidBenchmarking itself at batch 1', () => {
    const replay = fluidBenchmarking(responses, world.bank, { nMax: 50, start: 0.2 });
    const batched = fluidBenchmarkingBatched(responses, world.bank, { batch: 1, nMax: 50, start: 0.2 });
    expect(batched.items).toEqual(replay.items);
    expect(batched.abilities).toEqual(replay.abilities);
  });

  it('takes each batch as the top-k by information at the estimate before it, and equals evaluate at the same k', async () => {
    const batched = fluidBenchmarkingBatched(responses, world.bank, { batch: 8, nMax: 40 });
    expect(batched.items.length).toBe(40);
    const byInformation = world.ids.map((_, i) => ({ i, info: oracle.information(world.bank, i, 0, DEFAULT_ENGINE_OPTIONS.D) })).sort((x, y) => y.info - x.info || x.i - y.i);
    expect(batched.items.slice(0, 8)).toEqual(byInformation.slice(0, 8).map((entry) => entry.i));
    // the second batch: the top 8 of the rest at the ability after the first batch
    const theta = batched.abilities[7];
    const rest = world.ids.map((_, i) => ({ i, info: oracle.information(world.bank, i, theta, DEFAULT_ENGINE_OPTIONS.D) })).filter((entry) => !batched.items.slice(0, 8).includes(entry.i)).sort((x, y) => y.info - x.info || x.i - y.i);
    expect(batched.items.slice(8, 16)).toEqual(rest.slice(0, 8).map((entry) => entry.i));
    const table: Backend = {
      async scoreChoices({ itemId, continuations }) {
        const i = world.ids.indexOf(itemId);
        const chosen = responses[i] ? world.items[i].answer! : (world.items[i].answer! + 1) % continuations.length;
        return continuations.map((_, k) => (k === chosen ? -1 : -9));
      },
      async generate() { return ''; },
    };
    const [live] = await evaluate({ bank: world.bank, items, backend: table, models: ['mid'], nMax: 40, batch: 8 });
    expect(live.items).toEqual(batched.items);
    expect(live.abilities).toEqual(batched.abilities);
  });
});
