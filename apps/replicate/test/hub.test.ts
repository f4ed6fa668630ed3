// `--data hf` end to end: the data package's loopback hub serves the tiny dataset; the CLI downloads it
// into a fresh cache and must produce what `--data DIR` produces from the same files; then it runs
// offline from the cache with the server gone.
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
import { initSync } from '@fluidbench/core';
import { writeDataset as writeSyntheticDataset } from '../src/export-dataset';
import { syntheticWorld } from '../src/synthetic';
import { requireBuiltCli, runCli, scratchDir, tinyDataset, writeDataset } from './helpers';

const COMMIT = 'c'.repeat(40);
const SELECTION = ['--benchmarks', 'arc_challenge,mmlu', '--lms', 'olmo2-7b,pythia-7b'];
const dataset = tinyDataset();
let root: string;
let hub: FakeHub | undefined;

/** The CLI as a child process, awaited without blocking this process's event loop (the hub lives here). */
function runCliAsync(args: string[], env: NodeJS.ProcessEnv): Promise<{ status: number | null; stdout: string; stderr: string }> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, [requireBuiltCli(), ...args], { env: { ...process.env, ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
    let stdout = '';
    let stderr = '';
    child.stdout.on('data', (chunk: Buffer) => (stdout += chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => (stderr += chunk.toString()));
    child.on('error', reject);
    child.on('close', (status) => resolve({ status, stdout, stderr }));
  });
}

/** Every Hugging Face variable the loaders read, pointed into the scratch folder. */
function hubEnvironment(extra: NodeJS.ProcessEnv): NodeJS.ProcessEnv {
  return {
    HF_HOME: join(root, 'hf-home'), HF_HUB_CACHE: '', HUGGINGFACE_HUB_CACHE: '', HF_TOKEN: '', HUGGING_FACE_HUB_TOKEN: '',
    HF_TOKEN_PATH: '', HF_HUB_OFFLINE: '', XDG_CACHE_HOME: '', ...extra,
  };
}

beforeAll(async () => {
  root = scratchDir('hub');
  hub = await startFakeHub({ repo: 'allenai/fluid-benchmarking', commits: { [COMMIT]: dataset.files }, branches: { main: COMMIT } });
});

afterAll(async () => {
  await hub?.close();
  rmSync(root, { recursive: true, force: true });
});

describe('--data hf', () => {
  it('downloads through the cache and matches --data DIR on the same files; then works offline', async () => {
    const viaHub = await runCliAsync(['--data', 'hf', ...SELECTION, '--out', join(root, 'hub-out')], hubEnvironment({ HF_ENDPOINT: hub!.url }));
    expect(viaHub.status, viaHub.stderr).toBe(0);
    // Downloads are announced once per file (logs go to stderr; --quiet would silence them).
    expect(viaHub.stderr.match(/downloading data\/lm_eval_results\/olmo2-7b\.csv/g)).toHaveLength(1);
    expect(viaHub.stderr).toContain(`Hugging Face dataset allenai/fluid-benchmarking @ ${COMMIT.slice(0, 12)}`);
    expect(hub!.requests).toContain(`GET /datasets/allenai/fluid-benchmarking/resolve/${COMMIT}/data/lm_eval_results/olmo2-7b.csv`);

    writeDataset(join(root, 'folder'), dataset.files);
    const viaFolder = runCli(['--data', join(root, 'folder'), ...SELECTION, '--out', join(root, 'folder-out'), '--quiet']);
    expect(viaFolder.status, viaFolder.stderr).toBe(0);
    const hubRows = readFileSync(join(root, 'hub-out', 'experiments.jsonl'), 'utf8');
    expect(hubRows.split('\n').length - 1).toBe(2 * (4 + 5));
    expect(hubRows).toBe(readFileSync(join(root, 'folder-out', 'experiments.jsonl'), 'utf8'));
    expect(readFileSync(join(root, 'hub-out', 'run.json'), 'utf8')).toContain(COMMIT);

    await hub!.close();
    hub = undefined;
    const offline = await runCliAsync(['--data', 'hf', ...SELECTION, '--out', join(root, 'offline-out')], hubEnvironment({ HF_HUB_OFFLINE: '1' }));
    expect(offline.status, offline.stderr).toBe(0);
    expect(offline.stderr).not.toContain('downloading');
    expect(readFileSync(join(root, 'offline-out', 'experiments.jsonl'), 'utf8')).toBe(hubRows);
  });

  it('says what is missing when offline with an empty cache', async () => {
    const failed = await runCliAsync(['--data', 'hf', ...SELECTION, '--out', join(root, 'none'), '--quiet'], hubEnvironment({ HF_HOME: join(root, 'empty-home'), HF_HUB_OFFLINE: '1' }));
    expect(failed.status).toBe(2);
    expect(failed.stderr).toMatch(/^fluid-replicate: .*open_llm_leaderboard_results\.json/);
    expect(failed.stderr.trim().split('\n')).toHaveLength(1);
  });
});

describe('--data hf with a graded bank (a fork of the dataset)', () => {
  it('fetches the fork\'s truthfulqa_mc2_grm_items.csv and its metadata, and runs without them when absent', async () => {
    initSync();
    const folder = join(root, 'graded-folder');
    const world = syntheticWorld({ scale: 0.05 });
    writeSyntheticDataset({ ...world, benchmarks: world.benchmarks.filter((b) => b.name === 'truthfulqa_mc2'), lms: world.lms.slice(0, 2) }, folder);
    const files: Record<string, string> = {};
    for (const dir of ['data', 'data/irt_models', 'data/lm_eval_results']) {
      for (const name of readdirSync(join(folder, ...dir.split('/')))) {
        if (name.includes('.')) files[`${dir}/${name}`] = readFileSync(join(folder, ...dir.split('/'), name), 'utf8');
      }
    }
    const withBank = 'd'.repeat(40);
    const withoutBank = 'e'.repeat(40);
    const ungraded = Object.fromEntries(Object.entries(files).filter(([path]) => !path.includes('_grm_items') && !path.includes('_metadata')));
    const fork = await startFakeHub({ repo: 'someone/fluid-fork', commits: { [withBank]: files, [withoutBank]: ungraded }, branches: { main: withBank } });
    try {
      const selection = ['--data', 'hf', '--repo', 'someone/fluid-fork', '--benchmarks', 'truthfulqa_mc2', '--lms', world.lms.slice(0, 2).map((lm) => lm.name).join(','), '--quiet'];
      const env = hubEnvironment({ HF_ENDPOINT: fork.url, HF_HOME: join(root, 'fork-home') });
      const graded = await runCliAsync([...selection, '--revision', withBank, '--out', join(root, 'fork-graded')], env);
      expect(graded.status, graded.stderr).toBe(0);
      const viaFolder = runCli(['--data', folder, '--out', join(root, 'fork-folder'), '--quiet']);
      expect(viaFolder.status, viaFolder.stderr).toBe(0);
      const rows = readFileSync(join(root, 'fork-graded', 'experiments.jsonl'), 'utf8');
      expect(rows).toContain('"abilities_fb_graded"');
      expect(rows).toBe(readFileSync(join(root, 'fork-folder', 'experiments.jsonl'), 'utf8'));

      const plain = await runCliAsync([...selection, '--revision', withoutBank, '--out', join(root, 'fork-plain')], env);
      expect(plain.status, plain.stderr).toBe(0);
      expect(readFileSync(join(root, 'fork-plain', 'experiments.jsonl'), 'utf8')).not.toContain('"abilities_fb_graded"');
      expect(readFileSync(join(root, 'fork-plain', 'report.md'), 'utf8')).toContain('The graded method found no graded bank in this data');
    } finally {
      await fork.close();
    }
  });
});
