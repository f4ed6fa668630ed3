import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterEach, describe, expect, it } from 'vitest';
import { startSimulatedLmServer, type SimulatedLmServer } from '../../../packages/harness/test/simulated-lm-server.mjs';
import { makeWorld, writeWorld } from '../../../packages/harness/test/world';
import { fluid, fluidAsync } from './helpers';

type EvalLine = { model: string; items: number[]; item_ids: string[]; abilities: number[]; se: number[]; correct: number[]; stop_reason: string; accuracy: number; expected_accuracy: number; requests: number; seconds: number };
const parseLines = <T>(text: string) => text.trim().split('\n').map((line) => JSON.parse(line) as T);
const MODELS = { 'lm-low': -1.2, 'lm-mid': 0.1, 'lm-high': 1.4 };
const world = makeWorld(300);
const files = writeWorld(world);
const SECRET = 'sk-test-5f0c3a9e-do-not-print';

let server: SimulatedLmServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

const baseArgs = (url: string, ...models: string[]) => ['eval', '--irt', files.irt, '--items', files.items, '--base-url', url, ...models.flatMap((m) => ['--model', m])];

// Each test starts several `fluid eval` processes; a loaded machine needs more than the default 30 s.
describe('fluid eval', { timeout: 180_000 }, () => {
  it('with --batch 1 asks the items `fluid run` picks on the server\'s own answer table', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS });
    const models = Object.keys(MODELS);
    const run = await fluidAsync([...baseArgs(server.url, ...models), '--n-max', '50', '--quiet']);
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const lines = parseLines<EvalLine>(run.stdout);
    expect(lines.map((l) => l.model)).toEqual(models);
    expect(Object.keys(lines[0])).toEqual(['model', 'items', 'item_ids', 'abilities', 'se', 'correct', 'stop_reason', 'accuracy', 'expected_accuracy', 'requests', 'seconds']);
    const table = `id,${models.join(',')}\n${world.ids.map((id) => `${id},${models.map((m) => (server!.correct(m, id) ? 1 : 0)).join(',')}`).join('\n')}\n`;
    const responses = join(files.dir, 'answers.csv');
    writeFileSync(responses, table);
    const replay = fluid(['run', '--irt', files.irt, '--responses', responses, '--n-max', '50', '--quiet']);
    expect(replay.status).toBe(0);
    const expected = parseLines<{ checkpoint: string; items: number[]; abilities: number[]; stop_reason: string }>(replay.stdout);
    lines.forEach((line, k) => {
      expect(line.items).toEqual(expected[k].items);
      expect(line.abilities).toEqual(expected[k].abilities);
      expect(line.stop_reason).toBe('max_items');
      expect(line.requests).toBe(50);
    });
  });

  it('prints a table with --format table', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS });
    const run = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--format', 'table', '--quiet']);
    expect(run.status).toBe(0);
    const [header, row] = run.stdout.trim().split('\n');
    expect(header.split(/\s{2,}/)).toEqual(['model', 'items', 'ability', 'se', 'accuracy', 'expected acc.', 'requests', 'seconds', 'stop']);
    expect(row.startsWith('lm-mid')).toBe(true);
    expect(row.endsWith('max_items')).toBe(true);
  });

  it('rejects a bad items line with file, line and field before any request', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS });
    const bad = join(files.dir, 'bad-items.jsonl');
    const lines = readFileSync(files.items, 'utf8').trim().split('\n');
    const corrupted = [...lines];
    corrupted[2] = lines[2].replace('"answer":', '"answer":9,"was":');
    writeFileSync(bad, `${corrupted.join('\n')}\n`);
    const run = await fluidAsync(['eval', '--irt', files.irt, '--items', bad, '--base-url', server.url, '--model', 'lm-mid']);
    expect(run.status).toBe(2);
    expect(run.stderr).toBe(`fluid: ${bad}, line 3, field "answer": must be the 0-based index of a choice (0–3) (got 9)\n`);
    expect(server.requests).toBe(0);
    const missing = join(files.dir, 'fewer-items.jsonl');
    writeFileSync(missing, `${lines.slice(1).join('\n')}\n`);
    const short = await fluidAsync(['eval', '--irt', files.irt, '--items', missing, '--base-url', server.url, '--model', 'lm-mid']);
    expect(short.status).toBe(2);
    expect(short.stderr).toContain(`1 item(s) of ${files.irt} are not in ${missing} (q0)`);
    expect(server.requests).toBe(0);
  });

  it('resumes after kill -9 without asking a journaled item again, and ends where an uninterrupted run ends', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS, latencyMs: 15 });
    const journal = join(files.dir, 'killed.journal.jsonl');
    const args = [...baseArgs(server.url, 'lm-low', 'lm-high'), '--n-max', '60', '--batch', '2', '--concurrency', '2', '--journal', journal, '--quiet'];
    const killed = await fluidAsync(args, {
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 40) {
            clearInterval(timer);
            child.kill('SIGKILL');
          }
        }, 5);
      },
    });
    expect(killed.signal).toBe('SIGKILL');
    const kept = readFileSync(journal, 'utf8').trim().split('\n').slice(1).filter((line) => line.endsWith('}')).map((line) => JSON.parse(line) as { model: string; item_id: string });
    expect(kept.length).toBeGreaterThanOrEqual(39);
    const firstRun = server.log.length;
    const resumed = await fluidAsync(args);
    expect(resumed.status).toBe(0);
    const secondRunAsked = server.log.slice(firstRun).map((entry) => `${entry.model}/${entry.itemId}`);
    const journaled = new Set(kept.map((entry) => `${entry.model}/${entry.item_id}`));
    expect(secondRunAsked.filter((key) => journaled.has(key))).toEqual([]);
    // at most the requests in flight at the kill (concurrency 2) were asked twice
    const everAsked = server.log.map((entry) => `${entry.model}/${entry.itemId}`);
    expect(everAsked.length - new Set(everAsked).size).toBeLessThanOrEqual(2);
    const reference = await fluidAsync([...baseArgs(server.url, 'lm-low', 'lm-high'), '--n-max', '60', '--batch', '2', '--quiet']);
    const strip = (line: EvalLine) => ({ ...line, requests: 0, seconds: 0 });
    expect(parseLines<EvalLine>(resumed.stdout).map(strip)).toEqual(parseLines<EvalLine>(reference.stdout).map(strip));
    // and a third run asks nothing at all
    const before = server.log.length;
    const third = await fluidAsync(args);
    expect(third.status).toBe(0);
    expect(server.log.length).toBe(before);
    expect(parseLines<EvalLine>(third.stdout).map((line) => line.requests), third.stdout).toEqual([0, 0]);
  });

  it('refuses a journal written with other options unless --fresh', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS });
    const journal = join(files.dir, 'options.journal.jsonl');
    const first = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--journal', journal, '--quiet']);
    expect(first.status).toBe(0);
    const changed = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--start', '1', '--journal', journal, '--quiet']);
    expect(changed.status).toBe(2);
    expect(changed.stderr).toBe(`fluid: ${journal}: written for a different run: start (0 → 1) changed, so its answers may not apply; use another journal or --fresh to start over\n`);
    const fresh = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--start', '1', '--journal', journal, '--fresh', '--quiet']);
    expect(fresh.status).toBe(0);
    expect(readFileSync(journal, 'utf8').trim().split('\n').length).toBe(1 + 10);
  });

  it('retries 429 and 500 to the same results, and stops with exit 1 and one line when retries run out', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS });
    const clean = await fluidAsync([...baseArgs(server.url, 'lm-low', 'lm-high'), '--n-max', '20', '--batch', '4', '--quiet']);
    await server.close();
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS, fault: ({ n }) => (n % 3 === 0 ? (n % 2 ? 429 : 500) : null) });
    const faulty = await fluidAsync([...baseArgs(server.url, 'lm-low', 'lm-high'), '--n-max', '20', '--batch', '4', '--quiet']);
    expect(faulty.status).toBe(0);
    const strip = (line: EvalLine) => ({ ...line, requests: 0, seconds: 0 });
    expect(parseLines<EvalLine>(faulty.stdout).map(strip)).toEqual(parseLines<EvalLine>(clean.stdout).map(strip));
    await server.close();
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS, fault: ({ path }) => (path === '/v1/completions' ? 429 : null) });
    const journal = join(files.dir, 'failing.journal.jsonl');
    const failing = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '20', '--max-retries', '2', '--journal', journal, '--quiet']);
    expect(failing.status).toBe(1);
    expect(failing.stdout).toBe('');
    expect(failing.stderr).toMatch(/^fluid: model "lm-mid", item "q\d+": rate limited: HTTP 429: Too many requests \(.* keeps every answer so far\)\n$/);
  });

  it('never prints the API key, whatever happens', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS, apiKey: SECRET });
    const journal = join(files.dir, 'key.journal.jsonl');
    const out = join(files.dir, 'key.results.jsonl');
    const ok = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--api-key-env', 'SIM_KEY', '--journal', journal, '--out', out], { env: { SIM_KEY: SECRET } });
    expect(ok.status).toBe(0);
    const wrong = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10', '--api-key-env', 'SIM_KEY'], { env: { SIM_KEY: `${SECRET}-wrong` } });
    expect(wrong.status).toBe(1);
    expect(wrong.stderr.split('\n').at(-2)).toBe('fluid: model "lm-mid": not authorized: HTTP 401: Unauthorized');
    const missing = await fluidAsync([...baseArgs(server.url, 'lm-mid'), '--n-max', '10'], { env: { OPENAI_API_KEY: '' } });
    expect(missing.status).toBe(1);
    for (const text of [ok.stdout, ok.stderr, wrong.stdout, wrong.stderr, missing.stderr, readFileSync(journal, 'utf8'), readFileSync(out, 'utf8')]) {
      expect(text).not.toContain(SECRET);
      expect(text).not.toContain('do-not-print');
    }
  });

  it('stops cleanly on Ctrl-C, keeping the journal for a resume', async () => {
    server = await startSimulatedLmServer({ items: world.items, bank: world, models: MODELS, latencyMs: 20 });
    const journal = join(files.dir, 'interrupted.journal.jsonl');
    const args = [...baseArgs(server.url, 'lm-mid'), '--n-max', '80', '--journal', journal, '--quiet'];
    const stopped = await fluidAsync(args, {
      onSpawn: (child) => {
        const timer = setInterval(() => {
          if (existsSync(journal) && readFileSync(journal, 'utf8').split('\n').length > 10) {
            clearInterval(timer);
            child.kill('SIGINT');
          }
        }, 5);
      },
    });
    expect(stopped.status).toBe(130);
    expect(stopped.stdout).toBe('');
    expect(stopped.stderr).toMatch(/^fluid: interrupted: stopped after \d+ new answer\(s\); .* keeps every answer, rerun to resume\n$/);
    const text = readFileSync(journal, 'utf8');
    expect(text.endsWith('\n')).toBe(true);
    const kept = text.trim().split('\n').length - 1;
    const resumed = await fluidAsync(args);
    expect(resumed.status).toBe(0);
    expect(parseLines<EvalLine>(resumed.stdout)[0].requests).toBe(80 - kept);
  });
});
