// Polytomous calibration (fitPolytomous): the optimum and standard errors against an independent marginal
// likelihood written here, agreement with fit2PL (and ltm through the classic fixtures) on two categories,
// parameter recovery at an LM-benchmark shape, bounds, missing data and bad input. No reference software
// fit of GRM/GPCM/PCM is available as a golden (mirt/ltm poly fits are not among the fixtures).
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  InvalidArgumentError, PolytomousItemBank, SeededRandom, fit2PL, fitPolytomous, initSync, pearson, simulateCategories, type PolyModel,
} from '../src/index';
import { fixturesDir, maxAbsDiff, readCsv } from './fixtures';

// The fits run while the suites are collected, before any beforeAll hook.
initSync();

/** Category probabilities written from the models' definitions (independent of the engine). */
function categoryProbabilities(model: PolyModel, a: number, t: ArrayLike<number>, theta: number): number[] {
  const K = t.length;
  if (model === 'grm') {
    const F = [1, ...Array.from(t, (b) => 1 / (1 + Math.exp(-a * (theta - b)))), 0];
    return Array.from({ length: K + 1 }, (_, k) => F[k] - F[k + 1]);
  }
  const slope = model === 'pcm' ? 1 : a;
  const z = [0];
  for (let k = 1; k <= K; k++) z.push(z[k - 1] + slope * (theta - t[k - 1]));
  const top = Math.max(...z);
  const e = z.map((v) => Math.exp(v - top));
  const sum = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / sum);
}

interface Truth {
  a: Float64Array;
  thresholds: Float64Array[];
  theta: Float64Array;
  columns: Float64Array[];
}

/** Items with 2–5 categories (cycling), a ~ LogNormal(0, 0.3), thresholds ~ N(0, 1) (sorted for the GRM). */
function simulate(model: PolyModel, nItems: number, nSubjects: number, seed: number, missing = 0): Truth {
  const rng = new SeededRandom(seed);
  const a = Float64Array.from({ length: nItems }, () => (model === 'pcm' ? 1 : Math.exp(0.3 * rng.nextNormal())));
  const thresholds = Array.from({ length: nItems }, (_, j) => {
    const row = Float64Array.from({ length: 1 + (j % 4) }, () => rng.nextNormal());
    return model === 'grm' ? row.sort() : row;
  });
  const theta = Float64Array.from({ length: nSubjects }, () => rng.nextNormal());
  const bank = new PolytomousItemBank({ model, a, thresholds });
  const columns = simulateCategories(bank, theta, { rng });
  for (const column of columns) for (let j = 0; j < nItems; j++) if (rng.next() < missing) column[j] = NaN;
  return { a, thresholds, theta, columns };
}

/** Σ_n log ∫ φ(θ) Π_j P_j(x_nj | θ) dθ by the trapezoid on 801 points of [−8, 8]. */
function marginalLogLikelihood(model: PolyModel, columns: ArrayLike<number>[], a: number[], t: number[][]): number {
  const points = 801;
  const h = 16 / (points - 1);
  const grid = Array.from({ length: points }, (_, q) => -8 + q * h);
  // log P_j(k | θ_q), item by item
  const tables = a.map((aj, j) => grid.map((theta) => categoryProbabilities(model, aj, t[j], theta).map(Math.log)));
  const logPrior = grid.map((theta) => -0.5 * theta * theta - 0.5 * Math.log(2 * Math.PI) + Math.log(h));
  let total = 0;
  for (const x of columns) {
    let integral = 0;
    for (let q = 0; q < points; q++) {
      let logLik = logPrior[q];
      for (let j = 0; j < a.length; j++) if (!Number.isNaN(x[j])) logLik += tables[j][q][x[j]];
      integral += (q === 0 || q === points - 1 ? 0.5 : 1) * Math.exp(logLik);
    }
    total += Math.log(integral);
  }
  return total;
}

describe.each(['grm', 'gpcm', 'pcm'] as const)('%s: the optimum and its standard errors', (model) => {
  // 6 items (2–5 categories) × 300 subjects, plain ML, converged tightly
  const data = simulate(model, 6, 300, 11, 0.05);
  const fit = fitPolytomous(data.columns, { model, tolerance: 1e-10, maxIterations: 5000 });
  const a = model === 'pcm' ? Array(6).fill(1) : Array.from(fit.table.a!);
  const t = fit.table.thresholds.map((row) => Array.from(row));
  const ll = () => marginalLogLikelihood(model, data.columns, a, t);

  it('converges, and its log-likelihood is the independent integral', () => {
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.atBound).toEqual([]);
    // 61 nodes on [−6, 6] against 801 on [−8, 8]: the 2PL fit's agreement (1e-6) carries over
    expect(Math.abs(fit.diagnostics.logLikelihood - ll())).toBeLessThan(1e-6);
  });

  // each parameter of item j, as a getter/setter pair over the arrays the integral reads
  const parameters = (j: number) => [
    ...(model === 'pcm' ? [] : [{ get: () => a[j], set: (v: number) => (a[j] = v) }]),
    ...t[j].map((_, k) => ({ get: () => t[j][k], set: (v: number) => (t[j][k] = v) })),
  ];

  it('is a stationary point of the independent integral', () => {
    const step = 1e-5;
    for (let j = 0; j < 6; j++) {
      for (const p of parameters(j)) {
        const keep = p.get();
        p.set(keep + step);
        const up = ll();
        p.set(keep - step);
        const down = ll();
        p.set(keep);
        expect(Math.abs((up - down) / (2 * step))).toBeLessThan(1e-3);
      }
    }
  });

  it("reports each item's standard errors from the inverse of its block of the observed information", () => {
    // Derivation: −∂² log L over the item's parameters by central differences of the independent integral,
    // inverted by Gauss–Jordan; the engine uses Louis' formula in (a, c) and the delta method.
    const step = 1e-4;
    for (const j of [1, 2, 3]) {
      const ps = parameters(j);
      const m = ps.length;
      const shifted = (d: number[]) => {
        const keep = ps.map((p) => p.get());
        ps.forEach((p, i) => p.set(keep[i] + d[i]));
        const value = ll();
        ps.forEach((p, i) => p.set(keep[i]));
        return value;
      };
      const unit = (i: number, s: number) => Array.from({ length: m }, (_, r) => (r === i ? s : 0));
      const both = (i: number, si: number, k: number, sk: number) => Array.from({ length: m }, (_, r) => (r === i ? si : 0) + (r === k ? sk : 0));
      const f0 = shifted(Array(m).fill(0));
      const H = Array.from({ length: m }, () => Array(m).fill(0));
      for (let i = 0; i < m; i++) {
        H[i][i] = -(shifted(unit(i, step)) - 2 * f0 + shifted(unit(i, -step))) / (step * step);
        for (let k = 0; k < i; k++) {
          H[i][k] = H[k][i] = -(shifted(both(i, step, k, step)) - shifted(both(i, step, k, -step)) - shifted(both(i, -step, k, step)) + shifted(both(i, -step, k, -step))) / (4 * step * step);
        }
      }
      const inverse = invert(H);
      const expected = inverse.map((row, i) => Math.sqrt(row[i]));
      const reported = [...(model === 'pcm' ? [] : [fit.se!.a![j]]), ...fit.se!.thresholds[j]];
      reported.forEach((se, i) => expect(Math.abs(se - expected[i]) / expected[i]).toBeLessThan(2e-3));
    }
    if (model === 'pcm') expect(fit.se!.a).toBeUndefined();
  });
});

function invert(matrix: number[][]): number[][] {
  const n = matrix.length;
  const m = matrix.map((row, i) => [...row, ...Array.from({ length: n }, (_, k) => (k === i ? 1 : 0))]);
  for (let c = 0; c < n; c++) {
    let pivot = c;
    for (let r = c + 1; r < n; r++) if (Math.abs(m[r][c]) > Math.abs(m[pivot][c])) pivot = r;
    [m[c], m[pivot]] = [m[pivot], m[c]];
    const d = m[c][c];
    for (let k = 0; k < 2 * n; k++) m[c][k] /= d;
    for (let r = 0; r < n; r++) {
      if (r === c) continue;
      const f = m[r][c];
      for (let k = 0; k < 2 * n; k++) m[r][k] -= f * m[c][k];
    }
  }
  return m.map((row) => row.slice(n));
}

describe('two categories: the models are the 2PL', () => {
  const common = { aPrior: [0, 0.5] as const, bPrior: [0, 2] as const, tolerance: 1e-10, maxIterations: 5000 };
  const binary = simulate2PL(150, 120, 5);
  const reference = fit2PL(binary, common);

  it.each(['grm', 'gpcm'] as const)('%s fit agrees with fit2PL on the same data', (model) => {
    const fit = fitPolytomous(binary, { ...common, model, categories: 2 });
    expect(fit.diagnostics.converged).toBe(true);
    expect(maxAbsDiff(fit.table.a!, reference.bank.a)).toBeLessThan(1e-6);
    expect(maxAbsDiff(fit.table.thresholds.map((row) => row[0]), reference.bank.b)).toBeLessThan(1e-6);
    expect(Math.abs(fit.diagnostics.logLikelihood - reference.diagnostics.logLikelihood)).toBeLessThan(1e-6);
    expect(Math.abs(fit.diagnostics.logPrior - reference.diagnostics.logPrior)).toBeLessThan(1e-6);
    expect(maxAbsDiff(fit.abilities, reference.abilities)).toBeLessThan(1e-6);
    const relative = (x: ArrayLike<number>, y: ArrayLike<number>) => Math.max(...Array.from(x, (v, i) => Math.abs(v - y[i]) / y[i]));
    expect(relative(fit.se!.a!, reference.se!.a)).toBeLessThan(1e-5);
    expect(relative(fit.se!.thresholds.map((row) => row[0]), reference.se!.b)).toBeLessThan(1e-5);
  });

  it.each(['LSAT6', 'LSAT7'])("%s as a two-category GRM: ltm's 2PL estimates", (name) => {
    const rows = readCsv(join(fixturesDir, 'classic', `${name}_patterns.csv`)).slice(1).map((row) => row.map(Number));
    const ltm = readCsv(join(fixturesDir, 'classic', `${name}_ltm_2pl_items.csv`)).slice(1);
    const fit = fitPolytomous(rows.map((row) => row.slice(0, 5)), { model: 'grm', weights: rows.map((row) => row[5]), tolerance: 1e-9, maxIterations: 5000 });
    // the 2PL fit's bounds against ltm (test/fit-classic.test.ts explains LSAT6's item 5)
    const bound = name === 'LSAT6' ? 2.5e-3 : 2e-3;
    expect(maxAbsDiff(fit.table.a!, ltm.map((r) => Number(r[1])))).toBeLessThan(bound);
    expect(maxAbsDiff(fit.table.thresholds.map((row) => row[0]), ltm.map((r) => Number(r[2])))).toBeLessThan(bound);
  });
});

function simulate2PL(nItems: number, nSubjects: number, seed: number): Float64Array[] {
  const rng = new SeededRandom(seed);
  const a = Array.from({ length: nItems }, () => Math.exp(0.3 * rng.nextNormal()));
  const b = Array.from({ length: nItems }, () => rng.nextNormal());
  return Array.from({ length: nSubjects }, () => {
    const theta = rng.nextNormal();
    return Float64Array.from(a, (aj, j) => (rng.next() < 0.1 ? NaN : rng.next() < 1 / (1 + Math.exp(-aj * (theta - b[j]))) ? 1 : 0));
  });
}

/**
 * The truth in the fit's gauge. The fit fixes the scale by its N(0, 1) ability distribution (GRM, GPCM) or by
 * a = 1 (PCM), so the truth is linked to it as usual: the line θ̂ ≈ α + β·θ through the fitted abilities
 * (least squares; β = 1 for the PCM), then a/β, α + β·t and α + β·θ.
 */
function linked(truth: Truth, abilities: Float64Array, model: PolyModel) {
  const n = truth.theta.length;
  const mx = truth.theta.reduce((s, x) => s + x, 0) / n;
  const my = abilities.reduce((s, y) => s + y, 0) / n;
  let sxy = 0;
  let sxx = 0;
  truth.theta.forEach((x, i) => {
    sxy += (x - mx) * (abilities[i] - my);
    sxx += (x - mx) ** 2;
  });
  const beta = model === 'pcm' ? 1 : sxy / sxx;
  const alpha = my - beta * mx;
  return {
    a: Float64Array.from(truth.a, (a) => a / beta),
    thresholds: truth.thresholds.map((row) => Float64Array.from(row, (t) => alpha + beta * t)),
    theta: Float64Array.from(truth.theta, (t) => alpha + beta * t),
  };
}

const rms = (values: number[]) => Math.sqrt(values.reduce((s, v) => s + v * v, 0) / values.length);

describe.each(['grm', 'gpcm', 'pcm'] as const)('%s: recovery at an LM-benchmark shape (1,000 items × 100 LMs, 10 percent missing)', (model) => {
  const data = simulate(model, 1000, 100, 2024, 0.1);
  // the CLI's default weak priors, as a user would fit
  const fit = fitPolytomous(data.columns, { model, aPrior: [0, 0.5], bPrior: [0, 2] });
  const truth = linked(data, fit.abilities, model);
  const kept = Array.from({ length: 1000 }, (_, j) => j).filter((j) => !fit.diagnostics.atBound.includes(j));

  it('converges and keeps GRM thresholds increasing', () => {
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.noData).toEqual([]);
    // items with a category none of the 100 LMs chose sit on the GRM gap: a minority
    expect(kept.length).toBeGreaterThan(800);
    if (model === 'grm') for (const row of fit.table.thresholds) for (let k = 1; k < row.length; k++) expect(row[k]).toBeGreaterThan(row[k - 1]);
  });

  // Derivation of the bounds: estimates = truth + errors of SD ≈ the reported SE (checked against the observed
  // information above), so RMSE / RMS(SE) ≈ 1 (allowing 25% for the priors' shrinkage and the quadrature's
  // discreteness), and with independent errors corr(estimate, truth) ≈ √(v / (v + σ²)) for the truth's
  // variance v: it must reach that with σ = 1.25 × RMS(SE).
  const check = (estimates: number[], truths: number[], errors: number[]) => {
    const rmse = rms(estimates.map((e, i) => e - truths[i]));
    const se = rms(errors);
    expect(errors.every((s) => s > 0 && Number.isFinite(s))).toBe(true);
    expect(rmse / se).toBeGreaterThan(0.8);
    expect(rmse / se).toBeLessThan(1.25);
    const mean = truths.reduce((s, v) => s + v, 0) / truths.length;
    const v = truths.reduce((s, t) => s + (t - mean) ** 2, 0) / truths.length;
    expect(pearson(estimates, truths)).toBeGreaterThan(Math.sqrt(v / (v + (1.25 * se) ** 2)));
  };

  it('recovers the thresholds within their standard errors', () => {
    check(kept.flatMap((j) => Array.from(fit.table.thresholds[j])), kept.flatMap((j) => Array.from(truth.thresholds[j])), kept.flatMap((j) => Array.from(fit.se!.thresholds[j])));
  });

  // (PCM items have no discrimination to recover)
  if (model !== 'pcm') {
    it('recovers the discriminations within their standard errors', () => {
      check(kept.map((j) => fit.table.a![j]), kept.map((j) => truth.a[j]), kept.map((j) => fit.se!.a![j]));
    });
  }

  it('recovers the abilities (1,000 items each: posterior SDs near 0.1)', () => {
    const sd = rms(Array.from(fit.abilitySd));
    expect(sd).toBeLessThan(0.15);
    // the posterior is about as narrow as the 61-node grid's spacing h = 0.2, so an EAP also carries the
    // grid's rounding, about uniform on ±h/2 (variance h²/12)
    const error = Math.sqrt(sd * sd + 0.2 ** 2 / 12);
    const v = rms(Array.from(truth.theta, (t) => t - truth.theta.reduce((s, x) => s + x, 0) / 100)) ** 2;
    expect(pearson(fit.abilities, truth.theta)).toBeGreaterThan(Math.sqrt(v / (v + (1.25 * error) ** 2)));
  });
});

describe.each(['grm', 'gpcm'] as const)('%s: standard errors against the spread over replications', (model) => {
  it('the reported SEs match the SD of the estimates over 30 data sets from the same items', () => {
    // 8 items with 4 categories, 500 fresh subjects per data set, plain ML. With 30 replications the pooled
    // variance ratio over 32 parameters has a relative SD of about √(2/(30·32)) ≈ 5% (less independent within
    // an item): ±15% on the SD ratio.
    const base = simulate(model, 8, 1, 99);
    const items = { a: base.a, thresholds: base.thresholds.map(() => Float64Array.of(-1.2, -0.1, 0.9)) };
    if (model === 'grm') items.thresholds.forEach((row) => row.sort());
    const bank = new PolytomousItemBank({ model, a: items.a, thresholds: items.thresholds });
    const estimates: number[][] = [];
    const variances: number[][] = [];
    for (let r = 0; r < 30; r++) {
      const rng = new SeededRandom(1000 + r);
      const columns = simulateCategories(bank, Array.from({ length: 500 }, () => rng.nextNormal()), { rng });
      const fit = fitPolytomous(columns, { model, categories: 4, tolerance: 1e-8 });
      expect(fit.diagnostics.atBound).toEqual([]);
      estimates.push([...fit.table.a!, ...fit.table.thresholds.flatMap((row) => Array.from(row))]);
      variances.push([...fit.se!.a!, ...fit.se!.thresholds.flatMap((row) => Array.from(row))].map((s) => s * s));
    }
    const m = estimates[0].length;
    let empirical = 0;
    let reported = 0;
    for (let i = 0; i < m; i++) {
      const mean = estimates.reduce((s, e) => s + e[i], 0) / estimates.length;
      empirical += estimates.reduce((s, e) => s + (e[i] - mean) ** 2, 0) / (estimates.length - 1);
      reported += variances.reduce((s, v) => s + v[i], 0) / variances.length;
    }
    expect(Math.sqrt(empirical / reported)).toBeGreaterThan(0.85);
    expect(Math.sqrt(empirical / reported)).toBeLessThan(1.15);
  });
});

describe('bounds, missing data and bad input', () => {
  it('pulls the thresholds around a category nobody chose together, on the bound, still increasing', () => {
    const data = simulate('grm', 20, 300, 8);
    // item 2 has 4 categories (3 thresholds); fold category 2 into 3
    const columns = data.columns.map((column) => Float64Array.from(column, (x, j) => (j === 2 && x === 2 ? 3 : x)));
    const fit = fitPolytomous(columns, { model: 'grm', categories: data.thresholds.map((row) => row.length + 1) });
    expect(fit.diagnostics.atBound).toContain(2);
    const [, b2, b3] = fit.table.thresholds[2];
    expect(b3 - b2).toBeGreaterThan(0);
    expect(b3 - b2).toBeLessThan(1.001e-4);
    expect(new PolytomousItemBank(fit.table).categories[2]).toBe(4);
  });

  it.each(['grm', 'gpcm', 'pcm'] as const)('%s without priors: items everybody answers at one end stay finite, on the bound', (model) => {
    const data = simulate(model, 12, 150, 10);
    // item 3 (4 categories): everybody in the top one; item 7 (4 categories): everybody in the lowest
    data.columns.forEach((column) => {
      column[3] = 3;
      column[7] = 0;
    });
    const fit = fitPolytomous(data.columns, { model, categories: data.thresholds.map((row) => row.length + 1) });
    expect(fit.diagnostics.atBound).toEqual(expect.arrayContaining([3, 7]));
    for (const row of fit.table.thresholds) expect(row.every(Number.isFinite)).toBe(true);
    // the box: every threshold within ±maxAbsB (20), the slope within [minA, maxA]
    for (const row of fit.table.thresholds) for (const t of row) expect(Math.abs(t)).toBeLessThanOrEqual(20);
    if (fit.table.a) for (const a of fit.table.a) expect(a >= 1e-3 && a <= 20).toBe(true);
    expect(new PolytomousItemBank(fit.table).size).toBe(12);
  });

  it('reports items nobody answered, and gives a subject without answers the prior', () => {
    const data = simulate('gpcm', 30, 200, 9, 0.2);
    data.columns.forEach((column) => (column[5] = NaN));
    data.columns[7].fill(NaN);
    const fit = fitPolytomous(data.columns, { model: 'gpcm', categories: data.thresholds.map((row) => row.length + 1) });
    expect(fit.diagnostics.converged).toBe(true);
    expect(fit.diagnostics.noData).toEqual([5]);
    expect(Number.isNaN(fit.se!.thresholds[5][0])).toBe(true);
    // 61 nodes of N(0, 1) on [−6, 6]: mean 0 by symmetry, SD within the rule's error of 1
    expect(Math.abs(fit.abilities[7])).toBeLessThan(1e-12);
    expect(Math.abs(fit.abilitySd[7] - 1)).toBeLessThan(1e-6);
  });

  it('refuses responses that are not categories, and unknown models', () => {
    expect(() => fitPolytomous([[0, 1.5]], { model: 'grm' })).toThrow(InvalidArgumentError);
    expect(() => fitPolytomous([[0, 1.5]], { model: 'grm' })).toThrow(/columns\[0\]\[1\].*a category 0…254.*1\.5/);
    expect(() => fitPolytomous([[0, 3]], { model: 'pcm', categories: 3 })).toThrow(/columns\[0\]\[1\].*a category 0…2/);
    expect(() => fitPolytomous([[0, -1]], { model: 'gpcm' })).toThrow(InvalidArgumentError);
    expect(() => fitPolytomous([[0, 1]], { model: '2pl' as PolyModel })).toThrow(/model.*grm, gpcm, pcm/);
    expect(() => fitPolytomous([[0, 1]], { model: 'grm', categories: [3] })).toThrow(/categories/);
  });
});
