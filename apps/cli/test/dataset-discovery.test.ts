// The dataset is data: benchmarks and LMs come from the dataset's own file listing (or, offline, the cached
// snapshot), any repository in the layout works (--repo), and broken caches and odd hub answers are named
// as such. Real @huggingface/hub client against a loopback server speaking the hub's protocol.
import { spawn } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { cliPath } from './helpers';

const REPO = 'someone/fluid-fork';
const COMMIT = 'f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0f0';
const nItems = 12;
// a benchmark and an LM the paper never had
const irtCsv = `,a,b\n${Array.from({ length: nItems }, (_, i) => `newbench_${i},${1 + (i % 3) / 2},${-1.5 + (i * 3) / nItems}`).join('\n')}\n`;
const resultsCsv = `,ckpt_a,ckpt_b\n${Array.from({ length: nItems }, (_, i) => `newbench_${i},${i % 2},${i < 8 ? 1 : 0}`).join('\n')}\n`;
const leaderboard = JSON.stringify({ newbench: { accuracy: { m1: 0.4, m2: 0.6 }, ability: { m1: -0.5, m2: 0.5 } } });

function fluidAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [cliPath, ...args], { env: { ...process.env, HF_TOKEN: '', ...env } });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk) => (stdout += chunk));
    child.stderr.on('data', (chunk) => (stderr += chunk));
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

function oneLine(run: { status: number | null; stdout: string; stderr: string }, pattern: RegExp) {
  expect(run.status, run.stderr).toBe(2);
  expect(run.stderr.trim().split('\n')).toHaveLength(1);
  expect(run.stderr.trim()).toMatch(pattern);
}

describe('benchmarks and LMs from the dataset itself', { timeout: 120_000 }, () => {
  let hub: FakeHub;
  const cache = mkdtempSync(join(tmpdir(), 'fluid-fork-cache-'));
  const online = () => ({ HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '' });
  const offline = () => ({ HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '1' });
  const folder = join(cache, 'datasets--someone--fluid-fork');

  beforeAll(async () => {
    hub = await startFakeHub({
      repo: REPO,
      commits: {
        [COMMIT]: {
          'data/irt_models/newbench.csv': irtCsv,
          'data/lm_eval_results/my-lm-13b.csv': resultsCsv,
          'data/lm_eval_results/other-lm.csv': resultsCsv,
          'data/open_llm_leaderboard_results.json': leaderboard,
        },
      },
      branches: { main: COMMIT },
    });
  });
  afterAll(() => hub?.close());

  it('runs a benchmark and an LM of another repository (--repo)', async () => {
    const run = await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b', '--n-max', '5', '--quiet'], online());
    expect(run.stderr).toBe('');
    expect(run.status).toBe(0);
    expect(run.stdout.trim().split('\n').map((line) => JSON.parse(line).checkpoint)).toEqual(['ckpt_a', 'ckpt_b']);
  });

  it('an unknown name lists what the dataset has: from the hub online, from the cache offline', async () => {
    oneLine(await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'nope', '--quiet'], online()),
      /^fluid: lm: no such LM in someone\/fluid-fork at main; it has my-lm-13b, other-lm \(got "nope"\)$/);
    expect(hub.requests.some((request) => request.startsWith(`GET /api/datasets/${REPO}/tree/${COMMIT}/data?recursive=true`))).toBe(true);
    // offline, the cached snapshot is what there is (other-lm was never downloaded)
    oneLine(await fluidAsync(['run', '--repo', REPO, '--benchmark', 'mmlu', '--lm', 'my-lm-13b'], offline()),
      /^fluid: benchmark: no such benchmark in someone\/fluid-fork at main \(offline: the cached snapshot\); it has newbench \(got "mmlu"\)$/);
  });

  it('a garbled refs/main is reported as corrupt, not missing', async () => {
    writeFileSync(join(folder, 'refs', 'main'), 'not a commit\n');
    oneLine(await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b'], offline()),
      /broken cache entry: .*refs.main holds "not a commit", not a commit hash; delete it/);
    // online, the branch is resolved again and the ref repaired
    expect((await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b', '--quiet'], online())).status).toBe(0);
    expect((await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b', '--quiet'], offline())).status).toBe(0);
  });

  it('a snapshot link whose blob is gone is a broken entry, listed as broken by fluid data ls', async () => {
    // remove every blob: each snapshot link now dangles
    for (const blob of readdirSync(join(folder, 'blobs'))) rmSync(join(folder, 'blobs', blob));
    oneLine(await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b'], offline()),
      /broken cache entry: .*newbench\.csv points to a missing blob/);
    const ls = await fluidAsync(['data', 'ls', '--repo', REPO], offline());
    expect(ls.status).toBe(0);
    expect(ls.stdout).toMatch(new RegExp(`${COMMIT.slice(0, 12)}\\s+main\\s+data/irt_models/newbench.csv\\s+broken`));
    // online, the broken entries are fetched again
    expect((await fluidAsync(['run', '--repo', REPO, '--benchmark', 'newbench', '--lm', 'my-lm-13b', '--quiet'], online())).status).toBe(0);
  });
});

describe('a hub that does not answer in JSON', { timeout: 120_000 }, () => {
  let hub: FakeHub;
  beforeAll(async () => {
    hub = await startFakeHub({ repo: REPO, commits: { [COMMIT]: { 'data/open_llm_leaderboard_results.json': '{}' } }, branches: { main: COMMIT }, htmlInsteadOfJson: '<html>\n<body>Please log in to the network</body>\n</html>\n' });
  });
  afterAll(() => hub?.close());

  it('is one line saying the answer is not the hub\'s JSON', async () => {
    const cache = mkdtempSync(join(tmpdir(), 'fluid-html-cache-'));
    oneLine(await fluidAsync(['data', 'download', '--repo', REPO, '--quiet'], { HF_ENDPOINT: hub.url, HF_HUB_CACHE: cache, HF_HUB_OFFLINE: '' }),
      /^fluid: someone\/fluid-fork: data\/ at revision "main": the answer from http:\/\/127\.0\.0\.1:\d+ is not the hub's JSON: .*; check HF_ENDPOINT/);
  });
});
