// `fluid run --benchmark --lm` and `fluid data` through the real @huggingface/hub client against a loopback
// server speaking the hub's protocol; then offline from the cache.
import { spawn } from 'node:child_process';
import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { SeededRandom } from '@fluidbench/core';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { cliPath, fluid } from './helpers';

const COMMIT = 'c0ffee0000000000000000000000000000000001';
const rng = new SeededRandom(99);
const nItems = 60;
const irtCsv = `,a,b\n${Array.from({ length: nItems }, (_, i) => `arc_challenge_${i},${(0.5 + 2 * rng.next()).toPrecision(17)},${(3 * rng.next() - 1.5).toPrecision(17)}`).join('\n')}\n`;
const checkpoints = ['step1000', 'step2000', 'step3000'];
const resultRows = [
  ...Array.from({ length: nItems }, (_, i) => `arc_challenge_${i},${checkpoints.map(() => (rng.next() < 0.6 ? 1 : 0)).join(',')}`),
  ...Array.from({ length: 5 }, (_, i) => `gsm8k_${i},${checkpoints.map(() => 1).join(',')}`),
];
const resultsCsv = `,${checkpoints.join(',')}\n${resultRows.join('\n')}\n`;
const leaderboard = JSON.stringify({ arc_challenge: { accuracy: { m1: 0.5, m2: 0.7 }, ability: { m1: -0.3, m2: 0.9 } } });

/** Runs the CLI asynchronously (the fake hub lives in this process, so a blocking spawn would deadlock). */
function fluidAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

describe('fluid run --benchmark --lm', () => {
  let hub: FakeHub;
  const cache = mkdtempSync(join(tmpdir(), 'fluid-hf-cache-'));
  const files = mkdtempSync(join(tmpdir(), 'fluid-hf-files-'));
  beforeAll(async () => {
    hub = await startFakeHub({
      repo: 'allenai/fluid-benchmarking',
      commits: {
        [COMMIT]: {
          'data/irt_models/arc_challenge.csv': irtCsv,
          'data/lm_eval_results/olmo2-7b.csv': resultsCsv,
          'data/open_llm_leaderboard_results.json': leaderboard,
          'data/id_to_item_map.json': '{}',
        },
      },
      branches: { main: COMMIT },
    });
    writeFileSync(join(files, 'irt.csv'), irtCsv);
    writeFileSync(join(files, 'responses.csv'), `,${checkpoints.join(',')}\n${resultRows.slice(0, nItems).join('\n')}\n`);
  });
  afterAll(() => hub?.close());

  it('downloads through the hub client, starts at the leaderboard mean, and then works offline', async () => {
    const args = ['run', '--benchmark', 'arc_challenge', '--lm', 'olmo2-7b', '--checkpoint', 'last', '--n-max', '20', '--quiet'];
    const online = await fluidAsync(args, { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '' });
    expect(online.stderr).toBe('');
    expect(online.status).toBe(0);
    expect(hub.requests.some((request) => request.includes('/resolve/'))).toBe(true);
    // the same run from the files, with the paper's start: the mean leaderboard ability (−0.3 + 0.9)/2
    const local = fluid(['run', '--irt', join(files, 'irt.csv'), '--responses', join(files, 'responses.csv'), '--checkpoint', 'step3000', '--n-max', '20', '--start', String((-0.3 + 0.9) / 2), '--quiet']);
    expect(online.stdout).toBe(local.stdout);
    expect(JSON.parse(online.stdout).checkpoint).toBe('step3000');

    await hub.close();
    const before = hub.requests.length;
    const offline = await fluidAsync(args, { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' });
    expect(offline.status).toBe(0);
    expect(offline.stdout).toBe(online.stdout);
    expect(hub.requests.length).toBe(before);
  });

  it('fluid data path and ls describe the cache; bad names are one clear line', async () => {
    const path = await fluidAsync(['data', 'path'], { HF_HUB_CACHE: cache });
    expect(path.stdout.trim()).toBe(join(cache, 'datasets--allenai--fluid-benchmarking'));
    const ls = await fluidAsync(['data', 'ls'], { HF_HUB_CACHE: cache });
    expect(ls.stdout).toMatch(new RegExp(`${COMMIT.slice(0, 12)}\\s+main\\s+data/irt_models/arc_challenge.csv`));
    const bad = await fluidAsync(['run', '--benchmark', 'arc', '--lm', 'olmo2-7b'], { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' });
    expect(bad.status).toBe(2);
    expect(bad.stderr.trim()).toBe('fluid: benchmark: no such benchmark in allenai/fluid-benchmarking at main (offline: the cached snapshot); it has arc_challenge (got "arc")');
    const missing = await fluidAsync(['run', '--benchmark', 'mmlu', '--lm', 'olmo2-7b'], { HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' });
    expect(missing.status).toBe(2);
    expect(missing.stderr.trim().split('\n')).toHaveLength(1);
    expect(missing.stderr).toMatch(/mmlu/);
  });
});
