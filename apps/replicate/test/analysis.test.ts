// The analyses on a hand-built world and hand-written rows: every expected number is worked out in the
// comments from the definitions (rank among the leaderboard, total variation, Spearman).
import { describe, expect, it } from 'vitest';
import { BUDGETS, SUMMARY_METHODS, analyze, scoreOf } from '../src/analysis';
import { headlineText, summaryJson } from '../src/report';
import type { ExperimentRow } from '../src/unit';
import type { World } from '../src/world';

const CHECKPOINTS = ['c1', 'c2', 'c3'];
/** Twelve items per bank: the rows' Fluid runs give items 0…11. */
const ITEM_IDS = Array.from({ length: 12 }, (_, i) => `item_${i}`);

const world: World = {
  description: 'hand-built',
  identity: {},
  isPaperDataset: false,
  benchmarks: [
    { name: 'arc_challenge', ids: ITEM_IDS, a: new Float64Array(12), b: new Float64Array(12), leaderboard: { names: ['p', 'q', 'r', 's'], accuracy: Float64Array.of(0.1, 0.3, 0.45, 0.6), ability: Float64Array.of(-1, 0, 0.5, 1) } },
    { name: 'mmlu', ids: ITEM_IDS, a: new Float64Array(12), b: new Float64Array(12), leaderboard: { names: ['p', 'q', 'r', 's'], accuracy: Float64Array.of(0.2, 0.35, 0.5, 0.7), ability: Float64Array.of(-1.5, -0.5, 0.2, 1.1) } },
  ],
  lms: [{ name: 'lm-x', checkpoints: CHECKPOINTS }],
  // responses are never read; the diagnostics ask whether true abilities are known (not for a file world)
  recipe: () => ({ kind: 'csv', path: 'unused.csv', benchmark: 'unused', irtFile: 'unused.csv' }),
};

/** Fluid abilities of 12 items: index 9 is the value at 10 items, index 11 the last (used for 50 and up). */
function fluidTrace(at10: number, last: number): number[] {
  return [...Array(9).fill(0), at10, 0, last];
}

function row(benchmark: string, t: number, values: { acc: number; ability: number; at10: number; last: number; dynamic: number | null }): ExperimentRow {
  const out: ExperimentRow = { full_accuracy: values.acc, full_ability: values.ability };
  for (const n of BUDGETS) out[`random_accuracy_${n}`] = values.acc;
  for (const n of BUDGETS) out[`random_ability_${n}`] = values.ability;
  Object.assign(out, {
    abilities_fb: fluidTrace(values.at10, values.last), items_fb: Array.from({ length: 12 }, (_, i) => i),
    benchmark, lm: 'lm-x', checkpoint: CHECKPOINTS[t], n_items_dynamic_fb: values.dynamic,
  });
  return out;
}

const arc = [
  { acc: 0.2, ability: -0.5, at10: -0.5, last: -0.4, dynamic: 3 },
  { acc: 0.5, ability: 0.7, at10: 0.2, last: 0.6, dynamic: null },
  { acc: 0.4, ability: 0.6, at10: 0.1, last: 0.9, dynamic: 5 },
];
const mmlu = [
  { acc: 0.4, ability: 0.0, at10: 0, last: 0, dynamic: 2 },
  { acc: 0.3, ability: 0.3, at10: 0, last: 0, dynamic: 2 },
  { acc: 0.8, ability: 1.2, at10: 0, last: 0, dynamic: 2 },
];
// Rows arrive out of order: the analysis must sort them by checkpoint.
const rows = [...mmlu.map((v, t) => row('mmlu', t, v)), ...arc.map((v, t) => row('arc_challenge', t, v)).reverse()];
const analysis = analyze(rows, world);

describe('validity: rank distance', () => {
  it('ranks accuracies among leaderboard accuracies, in both directions of the pair', () => {
    // arc → mmlu, per checkpoint: arc accuracy ranks 4, 2, 3 (0.2: three above; 0.5: 0.6 above; 0.4: two
    // above); mmlu accuracy ranks 3, 4, 1. Distances 1, 2, 2: mean 5/3. mmlu → arc: the same pairs, 5/3.
    expect(analysis.summary.full_accuracy[10].rank_distance).toBeCloseTo(5 / 3, 12);
    expect(analysis.byBenchmark.arc_challenge.full_accuracy[10].rank_distance).toBeCloseTo(5 / 3, 12);
  });

  it('ranks IRT scores among leaderboard abilities, against accuracy ranks on the other benchmark', () => {
    // arc → mmlu: arc abilities −0.5, 0.7, 0.6 rank 4, 2, 2 among (−1, 0, 0.5, 1); mmlu accuracy ranks 3, 4, 1:
    // distances 1, 2, 1, mean 4/3. mmlu → arc: abilities 0, 0.3, 1.2 rank 3, 2, 1 among (−1.5, −0.5, 0.2, 1.1);
    // arc accuracy ranks 4, 2, 3: distances 1, 0, 2, mean 1. Over the two directions: 7/6.
    expect(analysis.summary.full_ability[50].rank_distance).toBeCloseTo(7 / 6, 12);
    expect(analysis.byBenchmark.mmlu.full_ability[50].rank_distance).toBeCloseTo(1, 12);
    // Fluid at 10 items (arc → mmlu): −0.5, 0.2, 0.1 rank 4, 3, 3; against 3, 4, 1: distances 1, 1, 2: 4/3.
    expect(analysis.byBenchmark.arc_challenge.fluid[10].rank_distance).toBeCloseTo(4 / 3, 12);
  });

  it('is null without a validity pair', () => {
    const alone = analyze(rows.filter((r) => r.benchmark === 'mmlu'), { ...world, benchmarks: [world.benchmarks[1]] });
    expect(alone.summary.fluid[10].rank_distance).toBeNull();
    expect(alone.directions).toEqual([]);
  });
});

describe('variance and saturation', () => {
  it('averages total variation and monotonicity over learning curves', () => {
    // arc accuracy 0.2, 0.5, 0.4: 3/2 · (0.3 + 0.1)/0.2 = 3. mmlu 0.4, 0.3, 0.8: 3/2 · 0.6/0.4 = 2.25. Mean 2.625.
    expect(analysis.summary.full_accuracy[100].total_variation).toBeCloseTo(2.625, 12);
    // Ranks 1, 3, 2 and 2, 1, 3 against 1, 2, 3: Σd² = 2 each, ρ = 1 − 12/24 = 0.5 each.
    expect(analysis.summary.full_accuracy[100].monotonicity).toBeCloseTo(0.5, 12);
  });

  it('reads Fluid curves at the budget, or at the run\'s last item when it is shorter', () => {
    // At 10 items: −0.5, 0.2, 0.1: 3/2 · 0.8/0.6 = 2; ranks 1, 3, 2: ρ = 0.5.
    expect(analysis.byBenchmark.arc_challenge.fluid[10].total_variation).toBeCloseTo(2, 12);
    expect(analysis.byBenchmark.arc_challenge.fluid[10].monotonicity).toBeCloseTo(0.5, 12);
    // At 500 items the 12-item runs give their last abilities −0.4, 0.6, 0.9: monotone, TV = 3/2, ρ = 1.
    expect(analysis.byBenchmark.arc_challenge.fluid[500].total_variation).toBeCloseTo(1.5, 12);
    expect(analysis.byBenchmark.arc_challenge.fluid[500].monotonicity).toBeCloseTo(1, 12);
    // rows[3] is arc's c3 (arc rows were added in reverse): its last ability is 0.9.
    expect(scoreOf(rows[3], 'fluid', 500)).toBe(0.9);
    expect(scoreOf(rows[3], 'fluid', 10)).toBe(0.1);
  });
});

describe('dynamic stopping', () => {
  it('uses the mean gap between adjacent leaderboard abilities, and counts runs that never stop in full', () => {
    expect(analysis.dynamic.thresholds.arc_challenge).toBeCloseTo(2 / 3, 12); // (1 − (−1)) / 3
    expect(analysis.dynamic.thresholds.mmlu).toBeCloseTo(2.6 / 3, 12); // (1.1 − (−1.5)) / 3
    // arc: 3, never (12 items), 5.
    expect(analysis.dynamic.byBenchmark.arc_challenge).toEqual({ mean: 20 / 3, median: 5, min: 3, max: 12, notReached: 1, checkpoints: 3 });
    expect(analysis.dynamic.overall.mean).toBeCloseTo((3 + 12 + 5 + 2 + 2 + 2) / 6, 12);
  });
});

describe('summary.json', () => {
  it('has every method and budget with the three metrics', () => {
    const summary = JSON.parse(summaryJson(analysis)) as Record<string, Record<string, Record<string, unknown>>>;
    expect(Object.keys(summary)).toEqual([...SUMMARY_METHODS]);
    for (const method of SUMMARY_METHODS) {
      expect(Object.keys(summary[method])).toEqual(BUDGETS.map(String));
      for (const budget of BUDGETS) expect(Object.keys(summary[method][budget])).toEqual(['rank_distance', 'total_variation', 'monotonicity']);
    }
    // Full-benchmark methods repeat their numbers under every budget.
    expect(summary.full_accuracy['500']).toEqual(summary.full_accuracy['10']);
  });
});

describe('the paper\'s numbers beside ours', () => {
  it('prints Table 2 of the paper in the headline when asked', () => {
    const lines = headlineText(analysis, true).split('\n');
    expect(lines[0].split(/\s{2,}/)).toEqual(['Items', 'Method', 'Rank distance ↓', 'paper', 'Total variation ↓', 'paper', 'Monotonicity ↑', 'paper']);
    // Table 2, 10 items, Random: rank distance 20.0, total variation 29.0, monotonicity 0.47.
    const random10 = lines.find((line) => /^10\s+Random\s/.test(line))!.split(/\s{2,}/);
    expect([random10[3], random10[5], random10[7]]).toEqual(['20.0', '29.0', '0.47']);
    // 50 items, Fluid: 8.8, 6.5, 0.86; full accuracy: 9.1, 23.8, 0.85; the paper has no full-ability row.
    const fluid50 = lines.find((line) => /^50\s+Fluid Benchmarking/.test(line))!.split(/\s{2,}/);
    expect([fluid50[3], fluid50[5], fluid50[7]]).toEqual(['8.8', '6.5', '0.86']);
    const fullAccuracy = lines.find((line) => /^all\s+Full accuracy/.test(line))!.split(/\s{2,}/);
    expect([fullAccuracy[3], fullAccuracy[5], fullAccuracy[7]]).toEqual(['9.1', '23.8', '0.85']);
    expect(lines.find((line) => /^all\s+Full ability/.test(line))!.split(/\s{2,}/)[3]).toBe('–');
    // Ours sit beside: the full-accuracy rank distance worked out above, 5/3.
    expect(fullAccuracy[2]).toBe('1.7');
  });

  it('leaves the paper out otherwise', () => {
    expect(headlineText(analysis, false)).not.toContain('paper');
  });
});
