// The kernels checked where they live: the engine against the plain-TypeScript oracle (@fluidbench/oracle)
// on random 1–4PL banks and answer patterns.
import * as oracle from '@fluidbench/oracle';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_ENGINE_OPTIONS, IrtEngine, initSync } from '../src/index';

beforeAll(() => initSync());

const item = fc.record({
  a: fc.double({ min: 0.3, max: 3, noNaN: true }),
  b: fc.double({ min: -2.5, max: 2.5, noNaN: true }),
  c: fc.double({ min: 0, max: 0.3, noNaN: true }),
  d: fc.double({ min: 0.8, max: 1, noNaN: true }),
});
const bankWithAnswers = fc.array(item, { minLength: 1, maxLength: 40 }).chain((items) =>
  fc.tuple(fc.constant(items), fc.array(fc.constantFrom(0, 1), { minLength: items.length, maxLength: items.length })),
);
const columns = (items: { a: number; b: number; c: number; d: number }[]) => ({
  a: items.map((x) => x.a), b: items.map((x) => x.b), c: items.map((x) => x.c), d: items.map((x) => x.d),
});

describe('engine kernels equal the oracle', () => {
  it('item information of every item', () => {
    fc.assert(
      fc.property(bankWithAnswers, fc.double({ min: -4, max: 4, noNaN: true }), ([items], theta) => {
        const bank = columns(items);
        const engine = new IrtEngine();
        engine.setBank(bank);
        const info = engine.informationInto(theta, new Float64Array(items.length));
        items.forEach((_, i) => {
          const expected = oracle.information(bank, i, theta, DEFAULT_ENGINE_OPTIONS.D);
          expect(Math.abs(info[i] - expected)).toBeLessThanOrEqual(1e-15 + 1e-12 * expected);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('MAP and MLE estimates (Newton, backtracking, bisection) within 1e-9', () => {
    fc.assert(
      fc.property(bankWithAnswers, fc.constantFrom<'map' | 'mle'>('map', 'mle'), ([items, answers], estimator) => {
        const bank = columns(items);
        const engine = new IrtEngine();
        engine.setBank(bank);
        const all = items.map((_, i) => i);
        const precision = estimator === 'map' ? 1 / DEFAULT_ENGINE_OPTIONS.priorSd ** 2 : 0;
        const ours = engine.estimate(all, answers, 0, estimator).theta;
        expect(Math.abs(ours - oracle.solve(bank, all, answers, 0, precision, DEFAULT_ENGINE_OPTIONS))).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('a whole 2PL MFI run: same items, abilities within 1e-9', () => {
    fc.assert(
      fc.property(bankWithAnswers, ([items, answers]) => {
        const bank = { a: items.map((x) => x.a), b: items.map((x) => x.b) };
        const engine = new IrtEngine();
        engine.setBank(bank);
        engine.setResponses(Float64Array.from(answers), 1);
        const nMax = Math.min(10, items.length);
        const ours = engine.replay(0, { nMax, start: 0, estimator: 'map', selector: 'mfi', minSe: 0 });
        const theirs = oracle.replay(bank, answers, { nMax, start: 0, estimator: 'map', ...DEFAULT_ENGINE_OPTIONS });
        // an information near-tie (relative gap < 1e-12) may break either way: compare up to the first one
        let agree = 0;
        while (agree < nMax && ours.items[agree] === theirs.items[agree]) agree++;
        if (agree < nMax) {
          const theta = agree === 0 ? 0 : theirs.abilities[agree - 1];
          const mine = oracle.information(bank, ours.items[agree], theta, DEFAULT_ENGINE_OPTIONS.D);
          const other = oracle.information(bank, theirs.items[agree], theta, DEFAULT_ENGINE_OPTIONS.D);
          expect(Math.abs(mine - other)).toBeLessThanOrEqual(1e-12 * Math.max(mine, other));
        }
        for (let k = 0; k < agree; k++) expect(Math.abs(ours.abilities[k] - theirs.abilities[k])).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });
});
