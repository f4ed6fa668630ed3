// The polytomous selection criteria (assembly/poly-criteria.ts) against a plain-TS derivation written here:
// category probabilities from the model formulas, information and observed information by finite differences,
// catR's integrals by the trapezoid rule node by node, MEI's re-estimates by bisection on the posterior's slope.
import { beforeAll, describe, expect, it } from 'vitest';
import { initSync, InvalidArgumentError, PolyEngine, type CriterionName, type PolyModel } from '../src/index';

interface Item { model: PolyModel; a: number; thresholds: number[] }

/** A mixed bank: GRM, GPCM and PCM items with 2 to 5 categories. */
const ITEMS: Item[] = [
  { model: 'grm', a: 1.4, thresholds: [-1.2, 0.1, 0.9] },
  { model: 'gpcm', a: 0.8, thresholds: [0.5, -0.4, 1.1, 1.6] },
  { model: 'pcm', a: 1, thresholds: [-0.3] },
  { model: 'grm', a: 2.1, thresholds: [0.2, 0.6] },
  { model: 'gpcm', a: 1.7, thresholds: [-1.5, -0.5] },
  { model: 'pcm', a: 1, thresholds: [-2, 0, 1.5] },
  { model: 'grm', a: 0.6, thresholds: [-2.5, -1, 0.5, 2] },
  { model: 'gpcm', a: 2.6, thresholds: [1.2] },
  { model: 'grm', a: 1.1, thresholds: [-0.4] },
  { model: 'gpcm', a: 1.2, thresholds: [0.3, 0.8, -0.2] },
];
const GRID = { points: 33, lo: -4, hi: 4 };

function probabilities(item: Item, theta: number): number[] {
  const K = item.thresholds.length;
  if (item.model === 'grm') {
    const star = [1, ...item.thresholds.map((b) => 1 / (1 + Math.exp(-item.a * (theta - b)))), 0];
    return Array.from({ length: K + 1 }, (_, k) => star[k] - star[k + 1]);
  }
  const z = [0];
  for (let k = 1; k <= K; k++) z.push(z[k - 1] + item.a * (theta - item.thresholds[k - 1]));
  const e = z.map((v) => Math.exp(v));
  const total = e.reduce((s, v) => s + v, 0);
  return e.map((v) => v / total);
}

const H = 1e-5;
/** Σ_k P_k′²/P_k with P′ by central differences. */
function information(item: Item, theta: number): number {
  const up = probabilities(item, theta + H);
  const down = probabilities(item, theta - H);
  return probabilities(item, theta).reduce((sum, p, k) => sum + ((up[k] - down[k]) / (2 * H)) ** 2 / p, 0);
}

/** −∂² log P_x/∂θ² by the five-point central difference (error ~h⁴, rounding ~ε/h², both far below 1e-7 here). */
function observedInformation(item: Item, x: number, theta: number): number {
  const h = 5e-3;
  const log = (t: number) => Math.log(probabilities(item, t)[x]);
  return -(-log(theta + 2 * h) + 16 * log(theta + h) - 30 * log(theta) + 16 * log(theta - h) - log(theta - 2 * h)) / (12 * h * h);
}

const density = (x: number) => Math.exp(-0.5 * x * x) / Math.sqrt(2 * Math.PI);

function likelihood(items: number[], responses: number[], theta: number): number {
  return items.reduce((product, j, i) => product * probabilities(ITEMS[j], theta)[responses[i]], 1);
}

/** catR's integrate.catR: the trapezoid rule on the equally spaced nodes. */
function trapezoid(f: (x: number) => number): number {
  const h = (GRID.hi - GRID.lo) / (GRID.points - 1);
  let total = 0;
  for (let q = 0; q < GRID.points; q++) total += (q === 0 || q === GRID.points - 1 ? 0.5 : 1) * f(GRID.lo + q * h);
  return total * h;
}

/** MAP by bisection on the numerical slope of the log posterior over [−4, 4]. */
function mapEstimate(items: number[], responses: number[]): number {
  const logPost = (t: number) => Math.log(likelihood(items, responses, t)) - 0.5 * t * t;
  const slope = (t: number) => (logPost(t + 1e-6) - logPost(t - 1e-6)) / 2e-6;
  let lo = -4;
  let hi = 4;
  for (let i = 0; i < 60; i++) {
    const mid = 0.5 * (lo + hi);
    if (slope(mid) > 0) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

function derived(criterion: CriterionName, items: number[], responses: number[], theta: number, j: number): number {
  const item = ITEMS[j];
  const L = (x: number) => likelihood(items, responses, x);
  const hat = probabilities(item, theta);
  const kl = (x: number) => probabilities(item, x).reduce((sum, p, k) => sum + hat[k] * Math.log(hat[k] / p), 0);
  switch (criterion) {
    case 'mfi': return information(item, theta);
    case 'mlwi': return trapezoid((x) => L(x) * information(item, x));
    case 'mpwi': return trapezoid((x) => L(x) * density(x) * information(item, x));
    case 'kl': return trapezoid((x) => L(x) * kl(x));
    case 'klp': return trapezoid((x) => L(x) * density(x) * kl(x));
    case 'mepv': return hat.reduce((sum, p, k) => {
      const w = (x: number) => L(x) * density(x) * probabilities(item, x)[k];
      const mass = trapezoid(w);
      const mean = trapezoid((x) => x * w(x)) / mass;
      return sum + p * (trapezoid((x) => x * x * w(x)) / mass - mean * mean);
    }, 0);
    case 'mei': return hat.reduce((sum, p, k) => sum + p * observedInformation(item, k, mapEstimate([...items, j], [...responses, k])), 0);
    default: throw new Error(`no derivation for ${criterion}`);
  }
}

/** Relative tolerance per criterion: finite-difference information (~1e-9), MEI's Newton stops at |score| < 1e-6. */
const TOLERANCE: Partial<Record<CriterionName, number>> = { mfi: 1e-7, mlwi: 1e-7, mpwi: 1e-7, kl: 1e-10, klp: 1e-10, mepv: 1e-10, mei: 2e-5 };

let engine: PolyEngine;
beforeAll(() => {
  initSync();
  engine = new PolyEngine();
  engine.setBank({ model: ITEMS.map((i) => i.model), a: ITEMS.map((i) => i.a), thresholds: ITEMS.map((i) => i.thresholds) });
});

const STATES = [
  { items: [], responses: [] },
  { items: [3], responses: [2] },
  { items: [0, 5, 8], responses: [1, 3, 0] },
  { items: [1, 6, 9, 2], responses: [4, 0, 2, 1] },
];

describe.each(['mfi', 'mlwi', 'mpwi', 'kl', 'klp', 'mepv', 'mei'] as const)('%s on a mixed GRM/GPCM/PCM bank', (criterion) => {
  it.each(STATES.map((s, n) => [n, s] as const))('state %i: every unused item\'s value matches the derivation; the pick is the best', (_, state) => {
    const { theta } = engine.estimate(state.items, state.responses, 0, 'map');
    const out = new Float64Array(ITEMS.length);
    const { best, scale } = engine.criterionValuesInto(criterion, state.items, state.responses, theta, 'map', GRID, [7], out);
    const expected = ITEMS.map((_, j) => (state.items.includes(j) || j === 7 ? NaN : derived(criterion, state.items, state.responses, theta, j)));
    expected.forEach((value, j) => {
      if (Number.isNaN(value)) expect(out[j], `item ${j} is used or blocked`).toBeNaN();
      else expect(Math.abs(out[j] * scale - value) / value, `item ${j}`).toBeLessThan(TOLERANCE[criterion]!);
    });
    const sign = criterion === 'mepv' ? -1 : 1;
    const pick = expected.reduce((b, v, j) => (!Number.isNaN(v) && (b < 0 || sign * v > sign * expected[b]) ? j : b), -1);
    expect(best).toBe(pick);
  });
});

describe('MEI from the step model (24 or more administered items)', () => {
  // 60 seeded items of every model; 30 answered, so the re-estimates come from expected-information.ts's model
  let seed = 99;
  const u = () => ((seed = (seed * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const models: PolyModel[] = ['grm', 'gpcm', 'pcm'];
  const big: Item[] = Array.from({ length: 60 }, (_, i) => {
    const model = models[i % 3];
    const raw = Array.from({ length: 1 + Math.floor(4 * u()) }, () => -2 + 4 * u());
    return { model, a: model === 'pcm' ? 1 : 0.5 + 2 * u(), thresholds: model === 'grm' ? raw.sort((x, y) => x - y).map((b, k) => b + 0.01 * k) : raw };
  });
  const items = Array.from({ length: 30 }, (_, i) => 2 * i);
  const responses = items.map((j) => Math.floor(u() * (big[j].thresholds.length + 1)));

  it.each(['map', 'mle'] as const)('%s: each value is Σ_k P_k(θ̂)·OI(θ̂_k, k) with θ̂_k from the exact solver, to 1e-6', (estimator) => {
    const engine = new PolyEngine();
    engine.setBank({ model: big.map((i) => i.model), a: big.map((i) => i.a), thresholds: big.map((i) => i.thresholds) });
    const { theta } = engine.estimate(items, responses, 0, estimator);
    const out = new Float64Array(60);
    const { best } = engine.criterionValuesInto('mei', items, responses, theta, estimator, GRID, [], out);
    let largest = -1;
    big.forEach((item, j) => {
      if (items.includes(j)) return expect(out[j]).toBeNaN();
      const expected = probabilities(item, theta).reduce((sum, p, k) => {
        const updated = engine.estimate([...items, j], [...responses, k], theta, estimator).theta;
        return sum + p * observedInformation(item, k, updated);
      }, 0);
      expect(Math.abs(out[j] - expected) / expected, `item ${j}`).toBeLessThan(1e-6);
      if (largest < 0 || out[j] > out[largest]) largest = j;
    });
    expect(best).toBe(largest);
  });
});

describe('dichotomous-only criteria', () => {
  it.each(['bopt', 'thopt'] as const)('%s is refused with a typed error', (criterion) => {
    expect(() => engine.criterionValuesInto(criterion, [], [], 0, 'map', GRID, [], new Float64Array(ITEMS.length))).toThrow(InvalidArgumentError);
  });
});

describe('observed information', () => {
  it('MEI of a two-category item is Σ P_k·a²PQ at the updated θ (the 2PL\'s observed information)', () => {
    // a two-category GRM item: OI = a²P(1 − P) whatever the answer; item 8 after two answers
    const items = [0, 5];
    const responses = [2, 1];
    const { theta } = engine.estimate(items, responses, 0, 'map');
    const out = new Float64Array(ITEMS.length);
    engine.criterionValuesInto('mei', items, responses, theta, 'map', GRID, [], out);
    const item = ITEMS[8];
    const hat = probabilities(item, theta);
    const expected = hat.reduce((sum, p, k) => {
      const updated = engine.estimate([...items, 8], [...responses, k], theta, 'map').theta;
      const s = 1 / (1 + Math.exp(-item.a * (updated - item.thresholds[0])));
      return sum + p * item.a ** 2 * s * (1 - s);
    }, 0);
    expect(Math.abs(out[8] - expected) / expected).toBeLessThan(1e-12);
  });
});
