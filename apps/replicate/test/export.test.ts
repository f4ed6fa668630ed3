// The synthetic world written out in the dataset's layout reads back to the same grid, and the paper's
// numbers are claimed only for a complete copy of the paper's dataset.
import { readFileSync, rmSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { initSync } from '@fluidbench/core';
import { folderWorld } from '../src/dataset-world';
import { writeDataset } from '../src/export-dataset';
import { syntheticWorld } from '../src/synthetic';
import { runCli, scratchDir } from './helpers';

let root: string;

beforeAll(() => {
  initSync();
  root = scratchDir('export');
});

afterAll(() => rmSync(root, { recursive: true, force: true }));

describe('--write-dataset', () => {
  it('writes a folder that --data DIR turns into the synthetic run\'s rows, byte for byte', () => {
    const args = ['--scale', '0.05', '--benchmarks', 'arc_challenge,mmlu,truthfulqa_mc2', '--lms', 'k2-65b,pythia-3b', '--quiet'];
    const written = runCli(['--write-dataset', join(root, 'dataset'), ...args]);
    expect(written.status, written.stderr).toBe(0);
    const synthetic = runCli(['--out', join(root, 'synthetic-out'), ...args]);
    expect(synthetic.status, synthetic.stderr).toBe(0);
    const folder = runCli(['--data', join(root, 'dataset'), '--out', join(root, 'folder-out'), '--quiet']);
    expect(folder.status, folder.stderr).toBe(0);
    const rows = readFileSync(join(root, 'synthetic-out', 'experiments.jsonl'), 'utf8');
    expect(rows.split('\n').length - 1).toBe(3 * (5 + 5)); // scale 0.05 keeps the floor of 5 checkpoints
    expect(readFileSync(join(root, 'folder-out', 'experiments.jsonl'), 'utf8')).toBe(rows);
  });

  it('refuses to write anything but the synthetic world', () => {
    const refused = runCli(['--write-dataset', join(root, 'x'), '--data', 'hf']);
    expect(refused.status).toBe(2);
    expect(refused.stderr).toMatch(/^fluid-replicate: --write-dataset: writes the synthetic world only/);
  });
});

describe('recognising the paper\'s dataset', () => {
  it('needs every benchmark and LM at the real sizes, and the dataset\'s item map', async () => {
    const dir = join(root, 'full');
    writeDataset(syntheticWorld(), dir);
    // The right shape, but no item map: a generated folder, not the paper's data.
    expect((await folderWorld(dir)).isPaperDataset).toBe(false);
    writeFileSync(join(dir, 'data', 'id_to_item_map.json'), '{}');
    expect((await folderWorld(dir)).isPaperDataset).toBe(true);
    // A selection is not the whole dataset.
    expect((await folderWorld(dir, { benchmarks: ['mmlu'] })).isPaperDataset).toBe(false);
    // Shrunken banks are not the paper's either.
    const small = join(root, 'small');
    writeDataset(syntheticWorld({ scale: 0.05 }), small);
    writeFileSync(join(small, 'data', 'id_to_item_map.json'), '{}');
    expect((await folderWorld(small)).isPaperDataset).toBe(false);
  });
});
