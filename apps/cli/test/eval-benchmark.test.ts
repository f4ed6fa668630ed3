// `fluid eval --benchmark` end to end: the paper's dataset and the six source datasets from a loopback hub,
// the items built on first use, and a loopback OpenAI-compatible server playing LMs of known ability that
// answers every kind: log-likelihoods for multiple_choice, mc2 and multiple_context, chat for GSM8K.
import { spawn } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { BENCHMARKS, benchmarkOfItemId, ensureBenchmarkItems, parseIrtCsv, type LiveItem } from '@fluidbench/data/node';
import { BANK_IDS, datasetFiles, itemsHubOptions } from '../../../packages/data/test/benchmark-sources-fixture';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { startSimulatedLmServer, type SimulatedLmServer } from '../../../packages/harness/test/simulated-lm-server.mjs';
import { cliPath } from './helpers';

function fluidAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, HF_TOKEN: '', HF_HUB_OFFLINE: '', OPENAI_API_KEY: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

const MODELS = { strong: 2.5, weak: -2.5 };

/** Each test spawns the CLI several times; on a loaded machine that takes a while (no timing is asserted). */
const SPAWNS_TIMEOUT_MS = 180_000;

describe('fluid eval --benchmark', () => {
  let hub: FakeHub;
  let lm: SimulatedLmServer;
  const cache = mkdtempSync(join(tmpdir(), 'fluid-eval-cache-'));
  const scratch = mkdtempSync(join(tmpdir(), 'fluid-eval-out-'));
  const items: LiveItem[] = [];
  const irt = { ids: [] as string[], a: [] as number[], b: [] as number[] };

  beforeAll(async () => {
    hub = await startFakeHub(itemsHubOptions());
    // The server must know every prompt; it learns them from the same build, in a cache of its own.
    for (const benchmark of BENCHMARKS) {
      items.push(...(await ensureBenchmarkItems(benchmark, { hubUrl: hub.url, cacheDir: join(scratch, 'server-cache') })).items);
      const table = parseIrtCsv(datasetFiles()[`data/irt_models/${benchmark}.csv`]);
      irt.ids.push(...table.ids);
      irt.a.push(...table.a);
      irt.b.push(...table.b);
    }
    lm = await startSimulatedLmServer({ items: items as never, bank: irt, models: MODELS });
  }, SPAWNS_TIMEOUT_MS);
  afterAll(async () => {
    await lm?.close();
    await hub?.close();
  });

  it('evaluates all six benchmarks for two models in one command; results name both; GSM8K through chat', async () => {
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    const journal = join(scratch, 'run.jsonl');
    const run = await fluidAsync(
      ['eval', '--benchmark', BENCHMARKS.join(','), '--base-url', lm.url, '--model', 'strong,weak', '--n-max', '3', '--journal', journal, '--quiet'],
      env,
    );
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    const records = run.stdout.trim().split('\n').map((line) => JSON.parse(line));
    expect(records.map((record) => `${record.benchmark}/${record.model}`)).toEqual(BENCHMARKS.flatMap((benchmark) => [`${benchmark}/strong`, `${benchmark}/weak`]));
    const kept = new Set(items.map((item) => item.id));
    for (const record of records) {
      const bank = BANK_IDS[record.benchmark as keyof typeof BANK_IDS].filter((id) => kept.has(id));
      // the bank shrinks to the items with a gold answer: ARC keeps 2 of 4, HellaSwag 3 of 4
      expect(record.items.length, record.benchmark).toBe(Math.min(3, bank.length));
      expect(record.item_ids.every((id: string) => bank.includes(id))).toBe(true);
      // every answer is the server's: right exactly when the simulated LM of that ability answers right
      record.item_ids.forEach((id: string, k: number) => {
        expect(record.correct[k] >= 0.5, `${record.model} ${id}`).toBe(lm.correct(record.model, id));
      });
      expect(Object.keys(record)).toEqual(['benchmark', 'model', 'items', 'item_ids', 'abilities', 'se', 'correct', 'stop_reason', 'accuracy', 'expected_accuracy', 'requests', 'seconds']);
    }
    // TruthfulQA's answers are probability masses, kept as they are (the adaptive test counts them at ≥ 0.5)
    const truthful = records.find((record) => record.benchmark === 'truthfulqa_mc2' && record.model === 'weak');
    expect(truthful.correct.every((value: number) => value > 0 && value < 0.5)).toBe(true);
    // GSM8K was asked through chat completions, the rest through completions with echo
    const paths = new Map<string, Set<string>>();
    for (const entry of lm.log) {
      const benchmark = benchmarkOfItemId(entry.itemId)!;
      paths.set(benchmark, (paths.get(benchmark) ?? new Set()).add(entry.path));
    }
    expect([...paths.get('gsm8k')!]).toEqual(['/v1/chat/completions']);
    for (const benchmark of ['arc_challenge', 'hellaswag', 'mmlu', 'truthfulqa_mc2', 'winogrande']) expect([...paths.get(benchmark)!], benchmark).toEqual(['/v1/completions']);

    // one journal per benchmark; the start is the leaderboard's mean ability ((-0.5 + 1.5) / 2 in the fixture)
    const header = JSON.parse(readFileSync(join(scratch, 'run.mmlu.jsonl'), 'utf8').split('\n')[0]);
    expect(header.options.start).toBe(0.5);

    // a rerun resumes from the journals and asks nothing again; the items come from the cache, offline
    const asked = lm.log.length;
    const again = await fluidAsync(
      ['eval', '--benchmark', BENCHMARKS.join(','), '--base-url', lm.url, '--model', 'strong,weak', '--n-max', '3', '--journal', journal, '--quiet'],
      { ...env, HF_HUB_OFFLINE: '1' },
    );
    expect(again.status).toBe(0);
    expect(lm.log.length).toBe(asked); // only the models' checks (GET /v1/models), no scoring or generation
    const strip = (text: string) => text.trim().split('\n').map((line) => { const { seconds, requests, ...rest } = JSON.parse(line); return rest; });
    expect(strip(again.stdout)).toEqual(strip(run.stdout));
  }, SPAWNS_TIMEOUT_MS);

  it('a table names the benchmark; bad combinations are one line, exit 2', async () => {
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    const table = await fluidAsync(['eval', '--benchmark', 'winogrande', '--base-url', lm.url, '--model', 'weak', '--n-max', '2', '--format', 'table', '--quiet'], env);
    expect(table.status).toBe(0);
    expect(table.stdout.split('\n')[0].split(/\s+/).slice(0, 3)).toEqual(['benchmark', 'model', 'items']);
    expect(table.stdout.split('\n')[1].split(/\s+/).slice(0, 3)).toEqual(['winogrande', 'weak', '2']);
    const both = await fluidAsync(['eval', '--benchmark', 'mmlu', '--irt', 'x.csv', '--base-url', lm.url, '--model', 'weak'], env);
    expect(both.status).toBe(2);
    expect(both.stderr).toBe('fluid: --benchmark: give either --benchmark or --irt and --items, not both (got "mmlu")\n');
    // WinoGrande's items are scored after each context: there is no letter to ask for
    const letters = await fluidAsync(['eval', '--benchmark', 'winogrande', '--base-url', lm.url, '--model', 'weak', '--mc-mode', 'generate', '--quiet'], env);
    expect(letters.status).toBe(2);
    expect(letters.stderr).toBe('fluid: mcMode: item "winogrande_0" is multiple_context (WinoGrande): it needs log-likelihood scoring (--mc-mode loglikelihood) (got "generate")\n');
    const unknown = await fluidAsync(['eval', '--benchmark', 'mmlu,boolq', '--base-url', lm.url, '--model', 'weak'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('fluid: --benchmark: must be one of arc_challenge, gsm8k, hellaswag, mmlu, truthfulqa_mc2, winogrande (got "boolq")\n');
  }, SPAWNS_TIMEOUT_MS);
});
