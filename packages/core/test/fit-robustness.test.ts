// Data that break naive calibrations: missing responses, an item everybody answers right, a subject who
// answers everything wrong, an item nobody answered; and the input checks.
import { describe, expect, it } from 'vitest';
import { FluidError, InvalidArgumentError, SeededRandom, fit2PL, initSync } from '../src/index';
import type { Fit2PLResult } from '../src/index';

initSync();

const N_ITEMS = 30;
const N_SUBJECTS = 400;

function simulate(seed: number) {
  const rng = new SeededRandom(seed);
  const a = Array.from({ length: N_ITEMS }, () => Math.exp(0.3 * rng.nextNormal()));
  const b = Array.from({ length: N_ITEMS }, () => rng.nextNormal());
  const columns: number[][] = Array.from({ length: N_SUBJECTS }, () => {
    const theta = rng.nextNormal();
    return a.map((aj, j): number => (rng.next() < 1 / (1 + Math.exp(-aj * (theta - b[j]))) ? 1 : 0));
  });
  return { a, b, columns, rng };
}

function allFinite(fit: Fit2PLResult): boolean {
  const values = [...fit.bank.a, ...fit.bank.b, ...fit.abilities, ...fit.abilitySd];
  return values.every(Number.isFinite) && Number.isFinite(fit.diagnostics.logLikelihood);
}

describe.each(['mml', 'hierarchical'] as const)('%s', (method) => {
  it('fits with 20% of the responses missing, close to the complete-data fit', () => {
    const { columns, rng } = simulate(3);
    const complete = fit2PL(columns, { method });
    const holes = columns.map((column) => column.map((x) => (rng.next() < 0.2 ? NaN : x)));
    const fit = fit2PL(holes, { method });
    expect(fit.diagnostics.converged).toBe(true);
    expect(allFinite(fit)).toBe(true);
    // Dropping a fifth of 400 answers per item adds sampling noise of the order of the SE of b (≈ 0.1–0.2
    // here), not a systematic shift: the mean difference of b stays well inside that.
    const meanShift = fit.bank.b.reduce((s, b, j) => s + (b - complete.bank.b[j]), 0) / N_ITEMS;
    expect(Math.abs(meanShift)).toBeLessThan(0.1);
    // Missing (NaN) and absent (null) are the same.
    const nulls = fit2PL(holes.map((column) => column.map((x) => (Number.isNaN(x) ? null : x))), { method });
    expect(Array.from(nulls.bank.b)).toEqual(Array.from(fit.bank.b));
  });

  it('keeps an item everybody got right and a subject who got everything wrong finite', () => {
    const { columns } = simulate(4);
    for (const column of columns) column[0] = 1;
    columns[7] = columns[7].map(() => 0);
    const fit = fit2PL(columns, { method });
    expect(allFinite(fit)).toBe(true);
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.bank.a[0]).toBeGreaterThan(0);
    // The easiest item by far, and the lowest ability.
    expect(fit.bank.b[0]).toBeLessThan(Math.min(...fit.bank.b.slice(1)));
    expect(fit.abilities[7]).toBe(Math.min(...fit.abilities));
    if (method === 'mml') {
      // Without priors the likelihood keeps rising as a → ∞ or b → −∞: the estimate stops on the box
      // (a = maxA or b = −maxAbsB, defaults 20; creeping there, it may stop within a relative 1e-6) and is
      // reported.
      expect(fit.diagnostics.atBound).toEqual([0]);
      expect(fit.bank.a[0] >= 20 * (1 - 1e-6) || fit.bank.b[0] <= -20 * (1 - 1e-6)).toBe(true);
      // A normal prior on b (and a log-normal one on a) keeps it inside.
      const withPriors = fit2PL(columns, { aPrior: [0, 0.5], bPrior: [0, 2] });
      expect(withPriors.diagnostics.atBound).toEqual([]);
      expect(withPriors.bank.b[0]).toBeGreaterThan(-20);
      expect(withPriors.bank.a[0]).toBeLessThan(20);
    }
  });

  it('reports an item nobody answered and keeps the rest', () => {
    const { columns } = simulate(5);
    for (const column of columns) column[3] = NaN;
    const fit = fit2PL(columns, { method });
    expect(fit.diagnostics.noData).toEqual([3]);
    expect(allFinite(fit)).toBe(true);
  });
});

describe('hierarchical fit with pattern weights', () => {
  it('equals the fit of the expanded data (identical subjects have identical modes)', () => {
    const rng = new SeededRandom(10);
    const patterns: number[][] = Array.from({ length: 40 }, () => Array.from({ length: 12 }, () => (rng.next() < 0.6 ? 1 : 0)));
    const weights = patterns.map(() => 1 + rng.nextInt(5));
    const expanded = patterns.flatMap((pattern, k) => Array.from({ length: weights[k] }, () => pattern));
    const weighted = fit2PL(patterns, { method: 'hierarchical', weights, tolerance: 1e-10, maxIterations: 2000 });
    const plain = fit2PL(expanded, { method: 'hierarchical', tolerance: 1e-10, maxIterations: 2000 });
    expect(weighted.diagnostics.converged).toBe(true);
    // 12 items cannot pin the abilities: an item that splits the subjects' modes perfectly would take
    // a → ∞; the box (a ≤ 20 before restandardizing) and py-irt's clamp on the slope prior (SD ≤ 2) hold it.
    expect(Math.max(...weighted.bank.a)).toBeLessThanOrEqual(20);
    expect(weighted.diagnostics.atBound.length).toBeGreaterThan(0);
    expect(1 / weighted.hyperparameters!.uA).toBeLessThanOrEqual(2);
    weighted.bank.a.forEach((a, j) => expect(Math.abs(a - plain.bank.a[j])).toBeLessThan(1e-8));
    weighted.bank.b.forEach((b, j) => expect(Math.abs(b - plain.bank.b[j])).toBeLessThan(1e-8));
    let row = 0;
    patterns.forEach((_, k) => {
      expect(Math.abs(weighted.abilities[k] - plain.abilities[row])).toBeLessThan(1e-8);
      row += weights[k];
    });
  });
});

describe('MML guards', () => {
  it('keeps a > 0 on an item that runs against ability, unless negative slopes are allowed', () => {
    const { columns } = simulate(6);
    // Item 0 answered right exactly by the subjects who are below the median on the other items.
    const totals = columns.map((column) => column.slice(1).reduce((s, x) => s + x, 0));
    const median = [...totals].sort((x, y) => x - y)[N_SUBJECTS / 2];
    columns.forEach((column, n) => {
      column[0] = totals[n] < median ? 1 : 0;
    });
    const positive = fit2PL(columns);
    expect(positive.bank.a[0]).toBeGreaterThan(0);
    expect(positive.diagnostics.atBound).toContain(0);
    const signed = fit2PL(columns, { allowNegative: true });
    expect(signed.bank.a[0]).toBeLessThan(-1);
    expect(signed.diagnostics.logLikelihood).toBeGreaterThan(positive.diagnostics.logLikelihood);
  });

  it('rescales a for D', () => {
    const { columns } = simulate(7);
    const logistic = fit2PL(columns, { tolerance: 1e-8 });
    const normal = fit2PL(columns, { tolerance: 1e-8, D: 1.702 });
    logistic.bank.a.forEach((a, j) => expect(Math.abs(normal.bank.a[j] * 1.702 - a)).toBeLessThan(1e-6));
    logistic.bank.b.forEach((b, j) => expect(Math.abs(normal.bank.b[j] - b)).toBeLessThan(1e-6));
  });

  it('reports non-convergence when the iterations run out', () => {
    const { columns } = simulate(8);
    const fit = fit2PL(columns, { maxIterations: 2 });
    expect(fit.diagnostics.iterations).toBe(2);
    expect(fit.diagnostics.converged).toBe(false);
    expect(fit.diagnostics.maxChange).toBeGreaterThan(1e-5);
  });

  it('calls onIteration once per iteration with a log-likelihood that never drops', () => {
    const { columns } = simulate(9);
    const seen: number[] = [];
    const fit = fit2PL(columns, { onIteration: (step) => seen.push(step.logLikelihood) });
    expect(seen.length).toBe(fit.diagnostics.iterations);
    // EM with monotone M-steps: each iteration's marginal log-likelihood is at least the previous one.
    for (let i = 1; i < seen.length; i++) expect(seen[i]).toBeGreaterThanOrEqual(seen[i - 1] - 1e-9 * Math.abs(seen[i - 1]));
  });
});

describe('input checks', () => {
  it('names the bad value', () => {
    expect(() => fit2PL([[1, 0], [1, 2]])).toThrow(/columns\[1\]\[1\].*got 2/);
    expect(() => fit2PL([[1, 0], [1]])).toThrow(/columns\[1\]: length 1, expected 2/);
    expect(() => fit2PL([[1, 0]], { weights: [-1] })).toThrow(/weights\[0\]/);
    expect(() => fit2PL([[1, 0]], { method: 'vi' as never })).toThrow(InvalidArgumentError);
    expect(() => fit2PL([[1, 0]], { aPrior: [0, 0] })).toThrow(/aPrior/);
    expect(() => fit2PL([[1, 0.7]], { binarize: false })).toThrow(/must be 0 or 1/);
    expect(() => fit2PL([])).toThrow(FluidError);
  });
});
