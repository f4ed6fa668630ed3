// Parity with the Fluid Benchmarking reference (numpy re-implementation of allenai/fluid-benchmarking d704b14).
// Tolerances from fixtures/synthetic/README.md: items exact; abilities, se 1e-9 (same algorithm).
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, fluidBenchmarkingMany, fullAccuracy, initSync, iterateEvals, abilityMany } from '../src/index';
import { fixturesDir, maxAbsDiff, readBank, readJsonl } from './fixtures';

const SAME_ALGORITHM = 1e-9;
const dir = join(fixturesDir, 'synthetic');
type Trajectory = { bank: string; checkpoint: string; n_max: number; start: number; method: 'map' | 'mle'; items: number[]; abilities: number[]; se: number[] };

const banks = new Map<string, ReturnType<typeof readBank> & { bank: ItemBank }>();
function load(name: string) {
  let entry = banks.get(name);
  if (!entry) {
    const data = readBank(dir, name);
    entry = { ...data, bank: new ItemBank({ ids: data.ids, a: data.a, b: data.b }) };
    banks.set(name, entry);
  }
  return entry;
}

beforeAll(() => initSync());

describe.each(['expected_map_start0.jsonl', 'expected_map_start-1.jsonl', 'expected_mle_start0.jsonl'])('%s', (file) => {
  const expected = readJsonl<Trajectory>(join(dir, file));
  const byBank = new Map<string, Trajectory[]>();
  for (const run of expected) byBank.set(run.bank, [...(byBank.get(run.bank) ?? []), run]);

  it.each([...byBank.keys()])('%s: identical items, abilities and se within 1e-9', (name) => {
    const runs = byBank.get(name)!;
    const { bank, columns, checkpoints } = load(name);
    const first = runs[0];
    const results = fluidBenchmarkingMany(runs.map((run) => columns[checkpoints.indexOf(run.checkpoint)]), bank, {
      nMax: first.n_max, start: first.start, estimator: first.method,
    });
    runs.forEach((run, k) => {
      expect(results[k].items, `${name} ${run.checkpoint}`).toEqual(run.items);
      expect(maxAbsDiff(results[k].abilities, run.abilities)).toBeLessThanOrEqual(SAME_ALGORITHM);
      expect(maxAbsDiff(results[k].se, run.se)).toBeLessThanOrEqual(SAME_ALGORITHM);
      expect(results[k].stopReason).toBe('max_items');
    });
  });
});

describe('full-bank MAP', () => {
  const expected = readJsonl<{ bank: string; checkpoint: string; n_correct: number; accuracy: number; theta_map: number; se_map: number }>(join(dir, 'expected_full_bank_map.jsonl'));
  it.each([...new Set(expected.map((e) => e.bank))])('%s matches theta_map, se_map and accuracy', (name) => {
    const { bank, columns, checkpoints } = load(name);
    const rows = expected.filter((e) => e.bank === name);
    const { theta, se } = abilityMany(rows.map((row) => columns[checkpoints.indexOf(row.checkpoint)]), bank, null);
    rows.forEach((row, k) => {
      expect(Math.abs(theta[k] - row.theta_map)).toBeLessThanOrEqual(SAME_ALGORITHM);
      expect(Math.abs(se[k] - row.se_map)).toBeLessThanOrEqual(SAME_ALGORITHM);
      expect(fullAccuracy(columns[checkpoints.indexOf(row.checkpoint)])).toBe(row.accuracy);
    });
  });
});

describe('random subsets (the reference draws them with Python random: given explicitly)', () => {
  const golden = JSON.parse(readFileSync(join(dir, 'expected_random_subsets_map.json'), 'utf8')) as {
    n_list: number[];
    banks: Record<string, { checkpoints: string[]; subsets: { n: number; items: number[]; accuracy: number[]; theta_map: number[]; se_map: number[] }[] }>;
  };
  it.each(Object.keys(golden.banks))('%s: accuracy exact, ability and se within 1e-9', (name) => {
    const { bank, columns, checkpoints } = load(name);
    const g = golden.banks[name];
    const evals = iterateEvals(g.checkpoints.map((c) => columns[checkpoints.indexOf(c)]), bank, {
      sampleSizes: g.subsets.map((s) => s.n), subsets: g.subsets.map((s) => s.items),
    });
    expect(evals.sampleSizes).toEqual(golden.n_list);
    g.subsets.forEach((subset, s) => {
      expect(evals.accuracy[s]).toEqual(subset.accuracy);
      expect(maxAbsDiff(evals.ability[s], subset.theta_map)).toBeLessThanOrEqual(SAME_ALGORITHM);
      expect(maxAbsDiff(evals.se[s], subset.se_map)).toBeLessThanOrEqual(SAME_ALGORITHM);
    });
  });
});
