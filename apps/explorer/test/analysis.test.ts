import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, SeededRandom, fluidBenchmarkingMany, fullAccuracy, initSync, monotonicity, randomAbility, rankDistance, sampleWithoutReplacement, totalVariation } from '@fluidbench/core';
import { parseIrtCsv, parseResponsesCsv } from '@fluidbench/data';
import { abilityAt, clampBudget, curvesAt, itemInformation, prepareUnit, stepThrough, type Unit } from '../src/analysis';
import { syntheticDataset } from './harness';

const TOLERANCE = 1e-12;
const FILES = syntheticDataset({ benchmarks: { gsm8k: 120 }, lms: { lm: 6 }, seed: 5 });

function unitOf(): Unit {
  const irt = parseIrtCsv(FILES['data/irt_models/gsm8k.csv']);
  const results = parseResponsesCsv(FILES['data/lm_eval_results/lm.csv']);
  return {
    label: 'gsm8k × lm',
    irt,
    checkpoints: results.checkpoints,
    columns: results.columns,
    start: 0.25,
    leaderboard: { accuracy: [0.3, 0.5, 0.7], ability: [-1, 0, 1] },
    reference: { benchmark: 'arc', accuracy: [0.2, 0.3, 0.35, 0.5, 0.6, 0.65], leaderboardAccuracy: [0.25, 0.45, 0.6] },
  };
}

beforeAll(() => initSync());

describe('the curves', () => {
  it('give the k-item Fluid ability of a k-item run, for every k, from runs grown once to the bank size', () => {
    const unit = unitOf();
    const prepared = prepareUnit(unit, 10);
    expect(prepared.maxBudget).toBe(120);
    expect(prepared.fluidBudget).toBe(10);
    for (const budget of [10, 37, 120]) {
      const runs = fluidBenchmarkingMany(unit.columns, new ItemBank(unit.irt), { nMax: budget, start: unit.start });
      const { rows } = curvesAt(unit, prepared, budget);
      rows.forEach((row, c) => expect(row.fluidAbility).toBe(runs[c].abilities[budget - 1]));
      expect(prepared.fluidBudget).toBe(budget === 10 ? 10 : 120);
    }
  });

  it('score the random subset of k items as the first k items drawn with seed 0, shared by every checkpoint', () => {
    const unit = unitOf();
    const prepared = prepareUnit(unit);
    const subset = sampleWithoutReplacement(120, 40, new SeededRandom(0));
    const { rows } = curvesAt(unit, prepared, 40);
    rows.forEach((row, c) => {
      const answers = Array.from(subset, (i) => unit.columns[c][i]);
      expect(row.randomAccuracy).toBe(answers.reduce((sum, x) => sum + x, 0) / 40);
      expect(Math.abs(row.randomAbility - randomAbility(unit.columns[c], new ItemBank(unit.irt), subset))).toBeLessThan(TOLERANCE);
      expect(row.fullAccuracy).toBe(fullAccuracy(unit.columns[c]));
    });
  });

  it('measure each curve: total variation, monotonicity and the mean rank distance over checkpoints', () => {
    const unit = unitOf();
    const { rows, metrics } = curvesAt(unit, prepareUnit(unit), 30);
    const fluid = rows.map((row) => row.fluidAbility);
    const metric = metrics.find((m) => m.method === 'fluid_ability')!;
    expect(metric.totalVariation).toBe(totalVariation(fluid));
    expect(metric.monotonicity).toBe(monotonicity(fluid));
    const distances = fluid.map((theta, c) => rankDistance(theta, [-1, 0, 1], unit.reference!.accuracy[c], [0.25, 0.45, 0.6]));
    expect(metric.rankDistance).toBeCloseTo(distances.reduce((sum, x) => sum + x, 0) / distances.length, 12);
    // Accuracy curves rank among the leaderboard's accuracies.
    const accuracy = rows.map((row) => row.fullAccuracy);
    const accuracyDistance = accuracy.map((x, c) => rankDistance(x, [0.3, 0.5, 0.7], unit.reference!.accuracy[c], [0.25, 0.45, 0.6]));
    expect(metrics.find((m) => m.method === 'full_accuracy')!.rankDistance).toBeCloseTo(accuracyDistance.reduce((s, x) => s + x, 0) / 6, 12);
  });

  it('leave metrics undefined (null) where a curve has one checkpoint or no leaderboard', () => {
    const unit = { ...unitOf(), leaderboard: undefined, reference: undefined };
    unit.checkpoints = unit.checkpoints.slice(0, 1);
    unit.columns = unit.columns.slice(0, 1);
    const { metrics } = curvesAt(unit, prepareUnit(unit), 10);
    expect(metrics.every((m) => m.totalVariation === null && m.monotonicity === null && m.rankDistance === null)).toBe(true);
  });

  it('clamp the budget to [10, the bank size] and read a run that stopped early at its last step', () => {
    expect(clampBudget(3, 500)).toBe(10);
    expect(clampBudget(37.4, 500)).toBe(37);
    expect(clampBudget(800, 120)).toBe(120);
    expect(clampBudget(50, 6)).toBe(6);
    expect(abilityAt({ abilities: [0.1, 0.2] } as never, 10)).toBe(0.2);
  });
});

describe('the step-through', () => {
  it('lists the adaptive run’s items with their parameters, the answers and θ ± SE', () => {
    const unit = unitOf();
    const prepared = prepareUnit(unit);
    const run = fluidBenchmarkingMany([unit.columns[2]], new ItemBank(unit.irt), { nMax: 15, start: unit.start })[0];
    const steps = stepThrough(unit, prepared, { checkpoint: 2, method: 'fluid', budget: 15, step: 4 });
    expect(steps.rows.map((r) => r.row)).toEqual(run.items);
    expect(steps.rows.map((r) => r.theta)).toEqual(run.abilities);
    expect(steps.rows.map((r) => r.se)).toEqual(run.se);
    expect(steps.rows[3]).toMatchObject({ id: unit.irt.ids[run.items[3]], a: unit.irt.a[run.items[3]], answer: unit.columns[2][run.items[3]] });
    expect(steps.step).toBe(4);
    expect(steps.information.theta).toBe(run.abilities[3]);
  });

  it('re-estimates θ from all items so far along the random subset', () => {
    const unit = unitOf();
    const prepared = prepareUnit(unit);
    const steps = stepThrough(unit, prepared, { checkpoint: 0, method: 'random', budget: 12, step: 99 });
    expect(steps.step).toBe(12);
    const subset = Array.from(sampleWithoutReplacement(120, 12, new SeededRandom(0)));
    expect(steps.rows.map((r) => r.row)).toEqual(subset);
    const bank = new ItemBank(unit.irt);
    expect(Math.abs(steps.rows[6].theta - randomAbility(unit.columns[0], bank, subset.slice(0, 7)))).toBeLessThan(TOLERANCE);
    // The last step is the curves' random ability at this budget.
    expect(steps.rows[11].theta).toBe(curvesAt(unit, prepared, 12).rows[0].randomAbility);
  });

  it('draws the test information as the sum of the given items’ a²P(1−P)', () => {
    const unit = unitOf();
    const steps = stepThrough(unit, prepareUnit(unit), { checkpoint: 1, method: 'fluid', budget: 10, step: 3 });
    const at = steps.information.grid.indexOf(0);
    const given = steps.rows.slice(0, 3);
    expect(steps.information.test[at]).toBeCloseTo(given.reduce((sum, r) => sum + itemInformation(r.a, r.b, 0), 0), 14);
    expect(steps.information.item[at]).toBe(itemInformation(given[2].a, given[2].b, 0));
    // a²/4 at θ = b, where P = ½.
    expect(itemInformation(1.6, 0.3, 0.3)).toBeCloseTo(0.64, 15);
  });
});
