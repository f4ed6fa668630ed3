// Parameter recovery on data simulated (seeded) from a known 2PL bank, at a classic calibration shape
// (200 items × 2,000 subjects) and at the paper's (28,659 items × 102 subjects).
//
// Bounds come from the information in the data, computed here from the true parameters: an item's b̂ and
// â have sampling variances about [I_j⁻¹] with I_j = Σ_n a²P(1−P)·[[t², −a t], [−a t, a²]]/a² in (a, b)
// (t = θ_n − b_j). Then corr(b̂, b) ≈ sd(b)/√(var(b) + mean var(b̂)) and RMSE(b̂) ≈ √mean var(b̂). Estimates
// are compared with the truth in the fit's gauge: θ standardized over the sample (b → (b − m)/s, a → a·s).
// Priors shrink extreme items, so the fits do better than the ML prediction; we assert the prediction
// minus a small margin (corr) and 1.15× the prediction (RMSE: MML's gauge is the population N(0, 1), whose
// mean and SD differ from the sample's by about 1/√N, a further error the prediction leaves out). For a, 102 subjects leave its variance
// comparable to the true spread (sd(log a) = 0.3), so only a moderate correlation is predicted and asserted.
import { describe, expect, it } from 'vitest';
import { SeededRandom, fit2PL, initSync, pearson } from '../src/index';

initSync();

interface Simulation {
  a: Float64Array;
  b: Float64Array;
  theta: Float64Array;
  columns: Float64Array[];
}

function simulate(nItems: number, nSubjects: number, seed: number): Simulation {
  const rng = new SeededRandom(seed);
  const a = Float64Array.from({ length: nItems }, () => Math.exp(0.3 * rng.nextNormal()));
  const b = Float64Array.from({ length: nItems }, () => rng.nextNormal());
  const theta = Float64Array.from({ length: nSubjects }, () => rng.nextNormal());
  const columns = Array.from(theta, (t) => Float64Array.from(a, (aj, j) => (rng.next() < 1 / (1 + Math.exp(-aj * (t - b[j]))) ? 1 : 0)));
  return { a, b, theta, columns };
}

/** The truth in the gauge of a fit whose abilities have mean 0 and SD 1 over the sample. */
function standardizedTruth(sim: Simulation) {
  const n = sim.theta.length;
  const mean = sim.theta.reduce((s, x) => s + x, 0) / n;
  const sd = Math.sqrt(sim.theta.reduce((s, x) => s + (x - mean) ** 2, 0) / n);
  return {
    a: Float64Array.from(sim.a, (a) => a * sd),
    b: Float64Array.from(sim.b, (b) => (b - mean) / sd),
    theta: Float64Array.from(sim.theta, (t) => (t - mean) / sd),
  };
}

/** Predicted mean sampling variances of â and b̂ from the Fisher information at the truth. */
function predictedVariances(truth: { a: Float64Array; b: Float64Array; theta: Float64Array }) {
  let sumA = 0;
  let sumB = 0;
  let items = 0;
  for (let j = 0; j < truth.a.length; j++) {
    const a = truth.a[j];
    const b = truth.b[j];
    let iaa = 0;
    let iab = 0;
    let ibb = 0;
    for (const theta of truth.theta) {
      const t = theta - b;
      const p = 1 / (1 + Math.exp(-a * t));
      const w = p * (1 - p);
      iaa += w * t * t;
      iab += -w * a * t;
      ibb += w * a * a;
    }
    const det = iaa * ibb - iab * iab;
    // Items with (nearly) singular information would dominate a mean; they are the ones priors shrink.
    if (!(det > 0)) continue;
    const varA = ibb / det;
    const varB = iaa / det;
    if (varB > 25) continue;
    sumA += varA;
    sumB += varB;
    items++;
  }
  return { varA: sumA / items, varB: sumB / items, kept: items / truth.a.length };
}

function variance(x: ArrayLike<number>): number {
  let mean = 0;
  for (let i = 0; i < x.length; i++) mean += x[i];
  mean /= x.length;
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - mean) ** 2;
  return s / x.length;
}


function rmse(x: ArrayLike<number>, y: ArrayLike<number>): number {
  let s = 0;
  for (let i = 0; i < x.length; i++) s += (x[i] - y[i]) ** 2;
  return Math.sqrt(s / x.length);
}

function check(label: string, sim: Simulation, fit: ReturnType<typeof fit2PL>) {
  const truth = standardizedTruth(sim);
  const predicted = predictedVariances(truth);
  const predictedCorrB = Math.sqrt(variance(truth.b) / (variance(truth.b) + predicted.varB));
  const predictedCorrA = Math.sqrt(variance(truth.a) / (variance(truth.a) + predicted.varA));
  const observed = {
    corrA: pearson(fit.bank.a, truth.a),
    corrB: pearson(fit.bank.b, truth.b),
    rmseA: rmse(fit.bank.a, truth.a),
    rmseB: rmse(fit.bank.b, truth.b),
    corrTheta: pearson(fit.abilities, truth.theta),
  };
  console.log(label, JSON.stringify({ predictedCorrA, predictedCorrB, predictedRmseA: Math.sqrt(predicted.varA), predictedRmseB: Math.sqrt(predicted.varB), ...observed, iterations: fit.diagnostics.iterations }));
  expect(fit.diagnostics.converged).toBe(true);
  expect(observed.corrB).toBeGreaterThan(predictedCorrB - 0.01);
  expect(observed.corrA).toBeGreaterThan(predictedCorrA - 0.03);
  expect(observed.rmseB).toBeLessThan(1.15 * Math.sqrt(predicted.varB));
  expect(observed.rmseA).toBeLessThan(1.15 * Math.sqrt(predicted.varA));
  return observed;
}

describe('200 items × 2,000 subjects', () => {
  const sim = simulate(200, 2000, 11);

  it('MML recovers a and b', () => {
    const fit = fit2PL(sim.columns);
    const observed = check('mml 200x2000', sim, fit);
    // With 200 items per subject the EAPs track θ closely: reliability ≈ 1 − E[posterior var] ≈ 0.97.
    expect(observed.corrTheta).toBeGreaterThan(0.97);
    expect(fit.diagnostics.atBound).toEqual([]);
  });

  it('the hierarchical fit recovers a and b', () => {
    const fit = fit2PL(sim.columns, { method: 'hierarchical' });
    check('hierarchical 200x2000', sim, fit);
    // The fitted prior spreads are those of the simulation: sd(b) = 1 and sd(log a) = 0.3, up to sampling.
    const h = fit.hyperparameters!;
    expect(Math.abs(1 / h.uB - 1)).toBeLessThan(0.15);
    expect(Math.abs(1 / h.uA - 0.3)).toBeLessThan(0.06);
    // At the fixed point each μ is the mean of its parameters (its N(0, 10⁶) hyperprior is negligible), up to
    // the convergence tolerance (1e-4 per sweep, the hyperparameters extrapolated every third sweep).
    const mean = (x: ArrayLike<number>) => Array.from(x).reduce((s, v) => s + v, 0) / x.length;
    expect(Math.abs(h.muB - mean(fit.bank.b))).toBeLessThan(1e-3);
    expect(Math.abs(h.muA - mean(Array.from(fit.bank.a, Math.log)))).toBeLessThan(1e-3);
    // The gauge: abilities have mean 0 and SD 1 over the sample.
    expect(Math.abs(mean(fit.abilities))).toBeLessThan(1e-12);
    expect(Math.abs(Math.sqrt(mean(Array.from(fit.abilities, (t) => t * t))) - 1)).toBeLessThan(1e-12);
  });
});

describe("the paper's shape: 28,659 items × 102 subjects", () => {
  const sim = simulate(28659, 102, 5);

  it('the hierarchical fit (the paper\'s priors) recovers b well and a moderately', () => {
    const fit = fit2PL(sim.columns, { method: 'hierarchical' });
    const observed = check('hierarchical 28659x102', sim, fit);
    // 28,659 items per subject pin every θ (posterior SD ≈ 0.02).
    expect(observed.corrTheta).toBeGreaterThan(0.999);
  }, 120_000);

  it('MML with weak priors recovers b well and a moderately', () => {
    const fit = fit2PL(sim.columns, { aPrior: [0, 0.5], bPrior: [0, 2], tolerance: 1e-4 });
    check('mml+priors 28659x102', sim, fit);
    expect(fit.diagnostics.atBound).toEqual([]);
  }, 120_000);
});
