import { afterEach, beforeAll, describe, expect, it } from 'vitest';
import { fluidBenchmarking, initSync, spearman } from '@fluidbench/core';
import { BackendError, MemoryJournal, createOpenAIBackend, evaluate, parseItemsJsonl, type Item } from '../src/index';
import { startSimulatedLmServer, type SimulatedLmServer } from './simulated-lm-server.mjs';
import { EIGHT_LMS, makeWorld } from './world';

beforeAll(() => initSync());

const world = makeWorld(400);
const items: Item[] = parseItemsJsonl(world.items.map((item) => JSON.stringify(item)).join('\n'));
const quickRetry = { baseMs: 1, maxMs: 5 };
let server: SimulatedLmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

describe('evaluate against a simulated vLLM server', () => {
  it('recovers the abilities of eight LMs of known ability within n_max items', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS });
    const models = Object.keys(EIGHT_LMS);
    const results = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models, nMax: 80, batch: 4 });
    expect(results.map((r) => r.model)).toEqual(models);
    const truth = models.map((m) => EIGHT_LMS[m]);
    const estimates = results.map((r) => r.abilities.at(-1)!);
    expect(spearman(truth, estimates)).toBeGreaterThanOrEqual(0.95);
    const within = results.filter((r, k) => Math.abs(r.abilities.at(-1)! - truth[k]) <= 3 * r.se.at(-1)!).length;
    expect(within).toBeGreaterThanOrEqual(7);
    for (const result of results) {
      expect(result.items.length).toBeLessThanOrEqual(80);
      expect(result.stopReason).toBe('max_items');
      expect(new Set(result.itemIds).size).toBe(result.itemIds.length);
      // the recorded answers are the server's own answers
      result.itemIds.forEach((id, k) => expect(result.correct[k]).toBe(server!.correct(result.model, id) ? 1 : 0));
      expect(result.accuracy).toBeCloseTo(result.correct.reduce((s, x) => s + x, 0) / result.correct.length, 12);
    }
    // each asked item is asked once per model (one request scores all its choices)
    const asked = server.log.map((entry) => `${entry.model}/${entry.itemId}`);
    expect(new Set(asked).size).toBe(asked.length);
    expect(asked.length).toBe(8 * 80);
  });

  it('with batch 1 asks exactly the items fluidBenchmarking picks on the server\'s answers', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS });
    const models = ['lm-b', 'lm-f'];
    const results = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models, nMax: 60, concurrency: 2 });
    for (const result of results) {
      const answers = world.ids.map((id) => (server!.correct(result.model, id) ? 1 : 0));
      const replay = fluidBenchmarking(answers, world.bank, { nMax: 60 });
      expect(result.items).toEqual(replay.items);
      expect(result.abilities).toEqual(replay.abilities);
    }
  });

  it('gives the same results when the server injects 429, 500 and invalid JSON', async () => {
    const models = ['lm-c', 'lm-g'];
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS });
    const clean = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models, nMax: 40, batch: 4 });
    await server.close();
    const faults = [429, 500, 'invalid-json', 'wrong-choices', 'no-logprobs'] as const;
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS, fault: ({ n, path }) => (path !== '/v1/models' && n % 4 === 0 ? faults[(n / 4) % faults.length] : null) });
    const retried: string[] = [];
    const faulty = await evaluate({
      bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models, nMax: 40, batch: 4, retry: quickRetry,
      onProgress: (event) => { if (event.type === 'retry') retried.push(event.reason); },
    });
    expect(retried.length).toBeGreaterThan(10);
    expect(retried.some((reason) => reason.includes('rate limited'))).toBe(true);
    expect(retried.some((reason) => reason.includes('invalid JSON'))).toBe(true);
    const strip = ({ requests, seconds, ...rest }: (typeof clean)[number]) => rest;
    expect(faulty.map(strip)).toEqual(clean.map(strip));
    expect(faulty[0].requests).toBeGreaterThan(clean[0].requests);
  });

  it('fails with a typed error naming the model and item after the retries', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS, fault: ({ path }) => (path === '/v1/completions' ? 500 : null) });
    const error = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models: ['lm-a'], nMax: 5, retry: { ...quickRetry, maxRetries: 2 } }).catch((e) => e);
    expect(BackendError.isInstance(error)).toBe(true);
    expect(error.failure).toBe('server');
    expect(error.message).toMatch(/^model "lm-a", item "q\d+": server error: HTTP 500/);
    expect(server.log.length).toBe(0);
    expect(server.requests).toBe(1 + 3);
  });

  it('fails at once, before any scoring, on an unknown model or a bad key', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS, apiKey: 'sk-right' });
    const unknown = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url, apiKey: 'sk-right' }), models: ['lm-a', 'nope'], nMax: 5 }).catch((e) => e);
    expect(unknown.failure).toBe('not_found');
    expect(unknown.message).toMatch(/^model "nope": not found/);
    const badKey = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url, apiKey: 'sk-wrong' }), models: ['lm-a'], nMax: 5 }).catch((e) => e);
    expect(badKey.failure).toBe('auth');
    expect(badKey.message).toMatch(/^model "lm-a": not authorized: HTTP 401/);
    expect(badKey.message).not.toContain('sk-wrong');
    expect(server.log.length).toBe(0);
  });

  it('says in one line that a server ignoring echo cannot score choices', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS, ignoreEcho: true });
    const error = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models: ['lm-a'], nMax: 5, retry: quickRetry }).catch((e) => e);
    expect(error.failure).toBe('echo_ignored');
    expect(error.message).toContain('--mc-mode generate');
    expect(error.message).not.toContain('\n');
    expect(server.requests).toBe(2);
  });

  it('asks the letter with mcMode generate and answers generate items by the last number', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS });
    const [result] = await evaluate({ bank: world.bank, items, backend: createOpenAIBackend({ baseURL: server.url }), models: ['lm-e'], nMax: 60, mcMode: 'generate' });
    expect(server.log.every((entry) => entry.path === '/v1/chat/completions')).toBe(true);
    result.itemIds.forEach((id, k) => expect(result.correct[k]).toBe(server!.correct('lm-e', id) ? 1 : 0));
    expect(result.itemIds.some((id) => items.find((item) => item.id === id)!.type === 'generate')).toBe(true);
  });

  it('resumes from a journal without asking anything twice', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: EIGHT_LMS });
    const backend = createOpenAIBackend({ baseURL: server.url });
    const journal = new MemoryJournal();
    const first = await evaluate({ bank: world.bank, items, backend, models: ['lm-d'], nMax: 30, journal });
    expect(journal.entries.length).toBe(30);
    const asked = server.log.length;
    const again = await evaluate({ bank: world.bank, items, backend, models: ['lm-d'], nMax: 30, journal });
    expect(server.log.length).toBe(asked);
    expect(again[0].requests).toBe(0);
    expect(again[0].items).toEqual(first[0].items);
    const longer = await evaluate({ bank: world.bank, items, backend, models: ['lm-d'], nMax: 40, journal });
    expect(server.log.length).toBe(asked + 10);
    expect(longer[0].items.slice(0, 30)).toEqual(first[0].items);
  });
});
