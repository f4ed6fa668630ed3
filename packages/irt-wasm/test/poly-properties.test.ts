// Invariants of the polytomous kernels over random banks (fast-check).
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { initSync, IrtEngine, PolyEngine, type PolyModel } from '../src/index';

beforeAll(() => initSync());

const ESTIMATORS = ['map', 'mle', 'eap', 'wle'] as const;
const slope = fc.double({ min: 0.2, max: 3, noNaN: true });
const location = fc.double({ min: -3, max: 3, noNaN: true });
const model = fc.constantFrom<PolyModel>('grm', 'gpcm', 'pcm');

/** One item: a model, a > 0 and 1–5 thresholds (sorted and spread apart for the GRM). */
const polyItem = fc.record({ model, a: slope, raw: fc.array(location, { minLength: 1, maxLength: 5 }) }).map(({ model, a, raw }) => ({
  model,
  a,
  thresholds: model === 'grm' ? [...raw].sort((x, y) => x - y).map((b, k) => b + 0.05 * k) : raw,
}));
const polyBank = fc.array(polyItem, { minLength: 1, maxLength: 40 });

function engineFor(items: { model: PolyModel; a: number; thresholds: number[] }[]): PolyEngine {
  const engine = new PolyEngine();
  engine.setBank({ model: items.map((i) => i.model), a: items.map((i) => i.a), thresholds: items.map((i) => i.thresholds) });
  return engine;
}

describe('category probabilities and information', () => {
  it('probabilities lie in [0, 1] and sum to 1; information is ≥ 0 and equals Σ P_k′²/P_k', () => {
    fc.assert(
      fc.property(polyBank, fc.double({ min: -6, max: 6, noNaN: true }), (items, theta) => {
        const engine = engineFor(items);
        const information = engine.informationInto(theta, new Float64Array(items.length));
        const h = 1e-5;
        items.forEach((item, j) => {
          const p = engine.categoryProbabilities(j, theta);
          expect(p.length).toBe(item.thresholds.length + 1);
          let sum = 0;
          for (const value of p) {
            expect(value).toBeGreaterThanOrEqual(0);
            expect(value).toBeLessThanOrEqual(1);
            sum += value;
          }
          expect(Math.abs(sum - 1)).toBeLessThan(1e-12);
          expect(information[j]).toBeGreaterThanOrEqual(0);
          // Fisher information by definition, with P′ from central differences
          const up = engine.categoryProbabilities(j, theta + h);
          const down = engine.categoryProbabilities(j, theta - h);
          let byDefinition = 0;
          p.forEach((pk, k) => {
            const slopeK = (up[k] - down[k]) / (2 * h);
            if (pk > 1e-12) byDefinition += (slopeK * slopeK) / pk;
          });
          expect(Math.abs(information[j] - byDefinition)).toBeLessThan(1e-5 * Math.max(1, byDefinition));
        });
      }),
      { numRuns: 100 },
    );
  });

  it('matches catR\'s GPCM and GRM formulas at a hand-checked point', () => {
    const engine = new PolyEngine();
    engine.setBank({ model: ['gpcm', 'grm'], a: [1, 2], thresholds: [[0, 0], [0, Math.log(3) / 2]] });
    // GPCM at θ = 0: z = (0, 0, 0), three equal categories; information a²·Var = 2/3
    expect(Array.from(engine.categoryProbabilities(0, 0))).toEqual([1 / 3, 1 / 3, 1 / 3].map((v) => expect.closeTo(v, 15)));
    // GRM at θ = 0: P*_1 = σ(0) = 1/2, P*_2 = σ(−ln 3) = 1/4
    const grm = engine.categoryProbabilities(1, 0);
    expect(grm[0]).toBeCloseTo(0.5, 15);
    expect(grm[1]).toBeCloseTo(0.25, 15);
    expect(grm[2]).toBeCloseTo(0.25, 15);
    // I = Σ P_k s_k², s_k = a(1 − P*_k − P*_{k+1}): s = (−1, 0.5, 1.5)·... with a = 2: (−1, 0.5, 1.5)
    const info = engine.informationInto(0, new Float64Array(2));
    expect(info[0]).toBeCloseTo(2 / 3, 14);
    expect(info[1]).toBeCloseTo(0.5 * 1 + 0.25 * 0.25 + 0.25 * 2.25, 14);
  });
});

describe('two categories: GRM and GPCM are the 2PL', () => {
  // parameters on a grid, so distinct items never tie to rounding (an exact tie goes to the lower index in both)
  const item2PL = fc.record({ a: fc.integer({ min: 20, max: 300 }).map((k) => k / 100), b: fc.integer({ min: -300, max: 300 }).map((k) => k / 100) });
  const bankWithResponses = fc.array(item2PL, { minLength: 1, maxLength: 40 }).chain((items) =>
    fc.tuple(fc.constant(items), fc.array(fc.constantFrom(0, 1), { minLength: items.length, maxLength: items.length })));

  it.each(['grm', 'gpcm'] as const)('%s: information, estimates and whole runs equal the 2PL path to 1e-12', (name) => {
    fc.assert(
      fc.property(bankWithResponses, fc.constantFrom(...ESTIMATORS), ([items, responses], estimator) => {
        const dichotomous = new IrtEngine();
        dichotomous.setBank({ a: items.map((i) => i.a), b: items.map((i) => i.b) });
        const poly = new PolyEngine();
        poly.setBank({ model: name, a: items.map((i) => i.a), thresholds: items.map((i) => [i.b]) });
        const n = items.length;
        const left = dichotomous.informationInto(0.3, new Float64Array(n));
        const right = poly.informationInto(0.3, new Float64Array(n));
        for (let j = 0; j < n; j++) expect(Math.abs(left[j] - right[j])).toBeLessThan(1e-12);
        const all = items.map((_, j) => j);
        for (const theta of [-2.5, 0.3, 1.7]) {
          expect(Math.abs(dichotomous.score(all, responses, theta, 1) - poly.score(all, responses, theta, 1))).toBeLessThan(1e-12);
          expect(Math.abs(dichotomous.logLikelihood(all, responses, theta) - poly.logLikelihood(all, responses, theta))).toBeLessThan(1e-12);
        }
        dichotomous.setResponses(Float64Array.from(responses), 1);
        poly.setResponses(Float64Array.from(responses), 1);
        // 20 items with a ≤ 3 keep the posterior SD above 0.147, where EAP uses the grid on both paths
        const settings = { nMax: 20, start: 0, estimator, selector: 'mfi' as const, minSe: 0 };
        const a = dichotomous.replay(0, settings);
        const b = poly.replay(0, settings);
        expect(Array.from(b.items)).toEqual(Array.from(a.items));
        // the kernels agree to 1e-12; a root moves by (score difference)/I = (score difference)·SE²
        a.abilities.forEach((theta, k) => expect(Math.abs(theta - b.abilities[k])).toBeLessThan(1e-12 * (1 + a.se[k] ** 2)));
        a.se.forEach((se, k) => expect(Math.abs(se - b.se[k])).toBeLessThan(1e-12 * (1 + se ** 3)));
      }),
      { numRuns: 60 },
    );
  });
});

describe('session and batch paths agree', () => {
  const bankWithResponses = polyBank.chain((items) =>
    fc.tuple(fc.constant(items), fc.tuple(...items.map((item) => fc.integer({ min: 0, max: item.thresholds.length })))));

  it.each(ESTIMATORS)('%s: replay equals selectNext + estimate step by step', (estimator) => {
    fc.assert(
      fc.property(bankWithResponses, fc.double({ min: -2, max: 2, noNaN: true }), ([items, responses], start) => {
        const engine = engineFor(items);
        engine.setResponses(Float64Array.from(responses), 1);
        const run = engine.replay(0, { nMax: 15, start, estimator, selector: 'mfi', minSe: 0 });
        expect(run.items.length).toBe(Math.min(15, items.length));
        const used: number[] = [];
        const given: number[] = [];
        let theta = start;
        run.items.forEach((item, k) => {
          expect(engine.selectNext(theta, used)).toBe(item);
          used.push(item);
          given.push(responses[item]);
          const step = engine.estimate(used, given, theta, estimator);
          expect(step.theta).toBe(run.abilities[k]);
          expect(step.se).toBe(run.se[k]);
          expect(step.theta).toBeGreaterThanOrEqual(-4);
          expect(step.theta).toBeLessThanOrEqual(4);
          theta = step.theta;
        });
      }),
      { numRuns: 40 },
    );
  });

  it('estimateColumns over the whole bank equals estimate on every item', () => {
    fc.assert(
      fc.property(bankWithResponses, fc.constantFrom(...ESTIMATORS), ([items, responses], estimator) => {
        const engine = engineFor(items);
        engine.setResponses(Float64Array.from(responses), 1);
        const batch = engine.estimateColumns(0, 1, null, 0, estimator);
        const one = engine.estimate(items.map((_, j) => j), responses, 0, estimator);
        expect(batch.theta[0]).toBe(one.theta);
        expect(batch.se[0]).toBe(one.se);
      }),
      { numRuns: 40 },
    );
  });
});

describe('pruned selection', () => {
  it('the bucket and item bounds never change the pick (against a scan of informationInto)', () => {
    const bank = fc.array(polyItem, { minLength: 1, maxLength: 400 });
    fc.assert(
      fc.property(bank, fc.double({ min: -4, max: 4, noNaN: true }), fc.double({ min: 0, max: 0.9, noNaN: true }), (items, theta, share) => {
        const engine = engineFor(items);
        const info = engine.informationInto(theta, new Float64Array(items.length));
        const used = items.map((_, j) => j).filter((j) => (j * 0.618034) % 1 < share);
        const free = items.map((_, j) => j).filter((j) => !used.includes(j));
        let best = free.length ? free[0] : -1;
        for (const j of free) if (info[j] > info[best]) best = j;
        expect(engine.selectNext(theta, used)).toBe(best);
      }),
      { numRuns: 150 },
    );
  });
});

describe('pruned selection on banks larger than a cell list', () => {
  // 3,000 items exceed the 1,024 entries a θ cell lists, so the searches also end on a cell's bound for the
  // items left out, or fall back to the peak scan; θ outside the range takes the peak scan alone.
  function largeBank(seed: number, model: PolyModel) {
    let state = seed;
    const next = () => (state = (state * 1103515245 + 12345) % 2147483648) / 2147483648;
    const items = Array.from({ length: 3000 }, (_, j) => {
      const a = 0.3 + 3.5 * next() ** 2;
      const K = 1 + (j % 4);
      let t = 4 * next() - 2 - K * 0.3;
      return { model, a, thresholds: Array.from({ length: K }, () => (t += 0.1 + next())) };
    });
    return items;
  }

  it.each(['grm', 'gpcm'] as const)('%s: picks equal a scan of informationInto, used sets of 0–99.8% of the items, θ in and outside the range', (kind) => {
    const items = largeBank(kind === 'grm' ? 11 : 12, kind);
    const engine = engineFor(items);
    const info = new Float64Array(items.length);
    for (const range of [[-4, 4], [-1, 1.5], [-30, 30]] as const) {
      engine.setOptions({ range });
      for (const share of [0, 0.02, 0.25, 0.67, 0.99, 0.998]) {
        const used = items.map((_, j) => j).filter((j) => (j * 0.618034) % 1 < share);
        const isUsed = new Uint8Array(items.length);
        for (const j of used) isUsed[j] = 1;
        for (const theta of [-5, -4, -3.97, -1, -0.2, 0, 0.61, 1.5, 2.9, 4, 4.5]) {
          engine.informationInto(theta, info);
          let best = -1;
          for (let j = 0; j < items.length; j++) if (!isUsed[j] && (best < 0 || info[j] > info[best])) best = j;
          expect(engine.selectNext(theta, used)).toBe(best);
        }
      }
    }
  });
});
