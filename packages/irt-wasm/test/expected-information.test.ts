// MEI on 1–4PL banks once the re-estimates come from the step's model of the administered items
// (assembly/expected-information.ts, used from 24 administered items on) against a plain-TS derivation: each
// updated θ by bisection on the exact score, catR's observed information OIi written out.
import { beforeAll, describe, expect, it } from 'vitest';
import { initSync, IrtEngine } from '../src/index';

interface Bank { a: number[]; b: number[]; c: number[]; d: number[] }

/** A seeded bank: slopes 0.4–3 and two steep items (a = 8, 5) whose re-estimates move furthest. */
function makeBank(n: number, fourPL: boolean): Bank {
  let s = 12345;
  const u = () => ((s = (s * 1103515245 + 12345) >>> 0) / 2 ** 32);
  const a = Array.from({ length: n }, (_, i) => (i === 7 ? 8 : i === 11 ? 5 : 0.4 + 2.6 * u()));
  const b = Array.from({ length: n }, () => -2.5 + 5 * u());
  const c = Array.from({ length: n }, () => (fourPL ? 0.25 * u() : 0));
  const d = Array.from({ length: n }, () => (fourPL ? 1 - 0.15 * u() : 1));
  return { a, b, c, d };
}

const prob = (bank: Bank, i: number, t: number) => bank.c[i] + (bank.d[i] - bank.c[i]) / (1 + Math.exp(-bank.a[i] * (t - bank.b[i])));
const dprob = (bank: Bank, i: number, t: number) => {
  const s = 1 / (1 + Math.exp(-bank.a[i] * (t - bank.b[i])));
  return (bank.d[i] - bank.c[i]) * bank.a[i] * s * (1 - s);
};
const d2prob = (bank: Bank, i: number, t: number) => {
  const s = 1 / (1 + Math.exp(-bank.a[i] * (t - bank.b[i])));
  return (bank.d[i] - bank.c[i]) * bank.a[i] ** 2 * s * (1 - s) * (1 - 2 * s);
};

/** The score Σ P′(x − P)/(PQ) (+ the N(0, 1) prior's −θ for MAP). */
function score(bank: Bank, items: number[], x: number[], t: number, map: boolean): number {
  let total = map ? -t : 0;
  items.forEach((i, k) => {
    const p = prob(bank, i, t);
    total += (dprob(bank, i, t) * (x[k] - p)) / (p * (1 - p));
  });
  return total;
}

/**
 * The root of the score reached from `start` by walking uphill on the log-likelihood (the way the score points,
 * steps of 0.01) to the first sign change, then bisecting it; a range end if there is none. (A 4PL likelihood
 * may have several maxima: this is the one Newton from θ̂ climbs to.)
 */
function root(bank: Bank, items: number[], x: number[], map: boolean, start = 0): number {
  const f = (t: number) => score(bank, items, x, t, map);
  const direction = f(start) > 0 ? 1 : -1;
  let lo = start;
  let hi = start;
  while (Math.sign(f(hi)) === direction) {
    lo = hi;
    hi = Math.max(-4, Math.min(4, hi + 0.01 * direction));
    if (hi === lo) return hi;
  }
  for (let i = 0; i < 200 && Math.abs(hi - lo) > 1e-14; i++) {
    const mid = 0.5 * (lo + hi);
    if (Math.sign(f(mid)) === direction) lo = mid;
    else hi = mid;
  }
  return 0.5 * (lo + hi);
}

/** catR's OIi: (PQ P′² − (x − P)(PQ P″ + P′²(P − Q)))/(P²Q²). */
function observed(bank: Bank, i: number, x: number, t: number): number {
  const P = prob(bank, i, t);
  const Q = 1 - P;
  const dP = dprob(bank, i, t);
  const d2P = d2prob(bank, i, t);
  return (P * Q * dP ** 2 - (x - P) * (P * Q * d2P + dP ** 2 * (P - Q))) / (P ** 2 * Q ** 2);
}

beforeAll(() => initSync());

describe.each([['2PL', false], ['4PL', true]] as const)('MEI from the step model on a %s bank', (_, fourPL) => {
  const bank = makeBank(90, fourPL);
  let engine: IrtEngine;
  beforeAll(() => {
    engine = new IrtEngine();
    engine.setBank(bank);
  });

  it.each([24, 40, 70] as const)('after %i answers, MAP and MLE: every value matches the derivation and the exact path; the pick is the largest', (k) => {
    const items = Array.from({ length: k + 2 }, (_, j) => (j * 7 + 3) % 90).filter((i) => i !== 7 && i !== 11).slice(0, k);
    expect(items).toHaveLength(k); // from 24 items on, the step model is in use
    const truth = 0.6;
    const x = items.map((i, j) => (prob(bank, i, truth) > ((j * 0.618) % 1) ? 1 : 0));
    for (const estimator of ['map', 'mle'] as const) {
      const map = estimator === 'map';
      const theta = root(bank, items, x, map);
      const out = new Float64Array(90);
      const { best } = engine.criterionValuesInto('mei', items, x, theta, estimator, { points: 33, lo: -4, hi: 4 }, [], out);
      let largest = -1;
      for (let j = 0; j < 90; j++) {
        if (items.includes(j)) {
          expect(out[j]).toBeNaN();
          continue;
        }
        const p1 = prob(bank, j, theta);
        const t1 = root(bank, [...items, j], [...x, 1], map, theta);
        const t0 = root(bank, [...items, j], [...x, 0], map, theta);
        const expected = p1 * observed(bank, j, 1, t1) + (1 - p1) * observed(bank, j, 0, t0);
        // the engine's Newton stops at |score| < 1e-6, so its θ (before and after the model) is that far from the
        // root (up to 1e-6 over the slope, times a steep item's a in the value): relative 1e-4, or 2e-8 absolute
        expect(Math.abs(out[j] - expected), `${estimator} item ${j}`).toBeLessThan(Math.max(1e-4 * Math.abs(expected), 2e-8));
        // the exact path's re-estimates (a pass over every item, as before the model): the same value, up to the
        // interpolants' error (1e-11 typically; 1e-7 bounds a stopping test that lands the other side of 1e-6)
        const e1 = engine.estimate([...items, j], [...x, 1], theta, estimator).theta;
        const e0 = engine.estimate([...items, j], [...x, 0], theta, estimator).theta;
        const exact = p1 * observed(bank, j, 1, e1) + (1 - p1) * observed(bank, j, 0, e0);
        expect(Math.abs(out[j] - exact), `${estimator} item ${j} against the exact path`).toBeLessThan(1e-7 * Math.max(Math.abs(exact), 1e-3));
        if (largest < 0 || out[j] > out[largest]) largest = j;
      }
      expect(best).toBe(largest);
    }
  });
});
