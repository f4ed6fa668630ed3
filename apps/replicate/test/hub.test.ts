// `--data hf` end to end: the data package's loopback hub serves the tiny dataset; the CLI downloads it
// into a fresh cache and must produce what `--data DIR` produces from the same files; then it runs
// offline from the cache with the server gone.
import { spawn } from 'node:child_process';
import { readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { startFakeHub, type FakeHub } from '@fluidbench/data/testing';
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
