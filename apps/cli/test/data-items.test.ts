// `fluid data items` against a loopback hub serving the paper's dataset and the six source datasets as parquet.
import { spawn } from 'node:child_process';
import { existsSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { itemsHubOptions } from '../../../packages/data/test/benchmark-sources-fixture';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { cliPath } from './helpers';

/** Runs the CLI asynchronously (the fake hub lives in this process, so a blocking spawn would deadlock). */
function fluidAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, HF_TOKEN: '', HF_HUB_OFFLINE: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Each test spawns the CLI several times; on a loaded machine that takes a while (no timing is asserted). */
const SPAWNS_TIMEOUT_MS = 180_000;

describe('fluid data items', () => {
  let hub: FakeHub;
  const cache = mkdtempSync(join(tmpdir(), 'fluid-items-cache-'));
  const out = mkdtempSync(join(tmpdir(), 'fluid-items-out-'));
  beforeAll(async () => {
    hub = await startFakeHub(itemsHubOptions());
  });
  afterAll(() => hub?.close());

  it('builds all six benchmarks, reports the join, warns about what it leaves out, then serves from the cache offline', async () => {
    const env = { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache };
    const first = await fluidAsync(['data', 'items', '--benchmark', 'all', '--out', join(out, 'items')], env);
    expect(first.stderr).toContain('fluid data items: hellaswag: 1 item(s) left out (no gold answer) because they matched several documents: hellaswag_2');
    expect(first.stderr).toContain('arc_challenge: 1 item(s) left out (no gold answer) because they matched no document: arc_challenge_2');
    expect(first.status).toBe(0);
    const lines = first.stdout.trim().split('\n');
    expect(lines[0].split(/\s+/).slice(0, 9)).toEqual(['benchmark', 'items', 'exact', 'normalized', 'ambiguous', 'unmatched', 'kept', 'shots', 'source']);
    expect(lines.find((line) => line.startsWith('arc_challenge'))!.split(/\s+/).slice(0, 9)).toEqual(['arc_challenge', '4', '1', '1', '0', '2', '2', '25', 'built']);
    expect(lines.find((line) => line.startsWith('truthfulqa_mc2'))!.split(/\s+/).slice(0, 9)).toEqual(['truthfulqa_mc2', '2', '2', '0', '0', '0', '2', '0', 'built']);
    const gsm8k = readFileSync(join(out, 'items', 'gsm8k.jsonl'), 'utf8').trim().split('\n').map((line) => JSON.parse(line));
    expect(gsm8k.map((item: { id: string; target: string }) => [item.id, item.target])).toEqual([['gsm8k_0', '7'], ['gsm8k_1', '2400']]);

    await hub.close();
    const again = await fluidAsync(['data', 'items', '--benchmark', 'gsm8k', '--quiet', '--out', join(out, 'gsm8k.jsonl')], { ...env, HF_HUB_OFFLINE: '1' });
    expect(again.status).toBe(0);
    expect(again.stdout).toMatch(/\ngsm8k +2 +2 +0 +0 +0 +2 +5 +cache /);
    expect(readFileSync(join(out, 'gsm8k.jsonl'), 'utf8')).toBe(readFileSync(join(out, 'items', 'gsm8k.jsonl'), 'utf8'));
  }, SPAWNS_TIMEOUT_MS);

  it('bad arguments are one line and exit 2, writing nothing', async () => {
    const env = { HF_ENDPOINT: 'http://127.0.0.1:9', HF_HUB_CACHE: cache };
    const unknown = await fluidAsync(['data', 'items', '--benchmark', 'boolq'], env);
    expect(unknown.status).toBe(2);
    expect(unknown.stderr).toBe('fluid: --benchmark: must be one of arc_challenge, gsm8k, hellaswag, mmlu, truthfulqa_mc2, winogrande, or all (got "boolq")\n');
    const shots = await fluidAsync(['data', 'items', '--benchmark', 'mmlu', '--shots', 'two', '--out', join(out, 'never.jsonl')], env);
    expect(shots.status).toBe(2);
    expect(shots.stderr).toBe('fluid: --shots: must be a whole number ≥ 0 (got "two")\n');
    expect(existsSync(join(out, 'never.jsonl'))).toBe(false);
  }, SPAWNS_TIMEOUT_MS);
});
