// Corner cases of the reference rules: constant and Guttman patterns that hit ±4, exact information ties
// (lowest index wins) and bank exhaustion. fixtures/edge/README.md: items exact, θ and se 1e-9, ±4 exact.
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, fluidBenchmarkingMany, initSync } from '../src/index';
import { fixturesDir, maxAbsDiff, readBank, readJsonl } from './fixtures';

const dir = join(fixturesDir, 'edge');
type Trajectory = { bank: string; checkpoint: string; n_max: number; start: number; items: number[]; abilities: number[]; se: number[] };

beforeAll(() => initSync());

describe.each([['map', 'expected_map_start0.jsonl'], ['mle', 'expected_mle_start0.jsonl']] as const)('%s', (estimator, file) => {
  const expected = readJsonl<Trajectory>(join(dir, file));
  it.each(['edge_extremes', 'edge_ties'])('%s reproduces every column', (name) => {
    const data = readBank(dir, name);
    const bank = new ItemBank({ ids: data.ids, a: data.a, b: data.b });
    const runs = expected.filter((e) => e.bank === name);
    expect(runs.length).toBe(data.checkpoints.length);
    const results = fluidBenchmarkingMany(runs.map((r) => data.columns[data.checkpoints.indexOf(r.checkpoint)]), bank, { nMax: 500, estimator });
    runs.forEach((run, k) => {
      const got = results[k];
      expect(got.items, run.checkpoint).toEqual(run.items);
      expect(maxAbsDiff(got.abilities, run.abilities)).toBeLessThanOrEqual(1e-9);
      expect(maxAbsDiff(got.se, run.se)).toBeLessThanOrEqual(1e-9);
      run.abilities.forEach((theta, i) => {
        if (Math.abs(theta) === 4) expect(got.abilities[i]).toBe(theta);
      });
      expect(got.stopReason).toBe(name === 'edge_ties' ? 'exhausted' : 'max_items');
    });
  });
});
