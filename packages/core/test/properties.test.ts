// Invariants over random banks and patterns (fast-check), and the WASM engine against the plain-TS oracle.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import * as oracle from '@fluidbench/oracle';
import { DEFAULT_ENGINE_OPTIONS, ESTIMATORS, ItemBank, fluidBenchmarking, initSync } from '../src/index';

beforeAll(() => initSync());

const slope = fc.double({ min: 0.2, max: 4, noNaN: true }).chain((a) => fc.constantFrom(a, -a));
const item2PL = fc.record({ a: slope, b: fc.double({ min: -3, max: 3, noNaN: true }) });
const bankArb = (min: number, max: number) => fc.array(item2PL, { minLength: min, maxLength: max });
const responsesFor = (n: number) => fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n });
const bankWithResponses = bankArb(1, 60).chain((items) => fc.tuple(fc.constant(items), responsesFor(items.length)));

describe('estimates are finite and inside the range', () => {
  it.each(ESTIMATORS)('%s: any pattern, including constant ones, one item and negative a', (estimator) => {
    fc.assert(
      fc.property(bankWithResponses, fc.constantFrom('random', 'allCorrect', 'allWrong'), ([items, random], kind) => {
        const responses = kind === 'random' ? random : random.map(() => (kind === 'allCorrect' ? 1 : 0));
        const bank = ItemBank.fromRows(items);
        const run = fluidBenchmarking(responses, bank, { nMax: 30, estimator });
        expect(run.items.length).toBe(Math.min(30, items.length));
        for (const theta of run.abilities) {
          expect(Number.isFinite(theta)).toBe(true);
          expect(theta).toBeGreaterThanOrEqual(-4);
          expect(theta).toBeLessThanOrEqual(4);
        }
        for (const se of run.se) expect(se > 0).toBe(true);
        expect(new Set(run.items).size).toBe(run.items.length);
      }),
      { numRuns: 60 },
    );
  });
});

describe('WASM equals the plain-TypeScript oracle', () => {
  it('MAP and MLE replays: same items, abilities and se within 1e-9', () => {
    fc.assert(
      fc.property(bankWithResponses, fc.constantFrom<'map' | 'mle'>('map', 'mle'), fc.double({ min: -2, max: 2, noNaN: true }), ([items, responses], estimator, start) => {
        const bank = ItemBank.fromRows(items);
        const ours = fluidBenchmarking(responses, bank, { nMax: 25, estimator, start });
        const theirs = oracle.replay(bank, responses, { nMax: 25, estimator, start, ...DEFAULT_ENGINE_OPTIONS });
        // Math.exp in WASM and in V8 may differ in the last bit, so an information near-tie (relative gap
        // < 1e-12) may break either way; before such a step everything must agree.
        let agree = 0;
        while (agree < ours.items.length && ours.items[agree] === theirs.items[agree]) agree++;
        if (agree < ours.items.length) {
          const theta = agree === 0 ? start : theirs.abilities[agree - 1];
          const mine = oracle.information(bank, ours.items[agree], theta, DEFAULT_ENGINE_OPTIONS.D);
          const other = oracle.information(bank, theirs.items[agree], theta, DEFAULT_ENGINE_OPTIONS.D);
          expect(Math.abs(mine - other)).toBeLessThanOrEqual(1e-12 * Math.max(mine, other));
        }
        for (let k = 0; k < agree; k++) {
          expect(Math.abs(ours.abilities[k] - theirs.abilities[k])).toBeLessThan(1e-9);
          expect(Math.abs(ours.se[k] - theirs.se[k])).toBeLessThan(1e-9);
        }
      }),
      { numRuns: 100 },
    );
  });

  it('4PL MAP (Fisher scoring) and EAP estimates', () => {
    const item4PL = fc.record({
      a: fc.double({ min: 0.3, max: 3, noNaN: true }), b: fc.double({ min: -2, max: 2, noNaN: true }),
      c: fc.double({ min: 0, max: 0.3, noNaN: true }), d: fc.double({ min: 0.8, max: 1, noNaN: true }),
    });
    fc.assert(
      fc.property(fc.array(item4PL, { minLength: 1, maxLength: 40 }).chain((items) => fc.tuple(fc.constant(items), responsesFor(items.length))), ([items, responses]) => {
        const bank = ItemBank.fromRows(items);
        const all = items.map((_, i) => i);
        const map = bank.engine().estimate(all, responses, 0, 'map');
        expect(Math.abs(map.theta - oracle.solve(bank, all, responses, 0, 1, DEFAULT_ENGINE_OPTIONS))).toBeLessThan(1e-9);
        const eap = bank.engine().estimate(all, responses, 0, 'eap');
        const expected = oracle.eap(bank, all, responses, DEFAULT_ENGINE_OPTIONS);
        expect(Math.abs(eap.theta - expected.theta)).toBeLessThan(1e-9);
        expect(Math.abs(eap.se - expected.se)).toBeLessThan(1e-9);
      }),
      { numRuns: 60 },
    );
  });

  it('information: equals the oracle, is ≥ 0 and peaks at θ = b for 2PL', () => {
    fc.assert(
      fc.property(bankArb(1, 50), fc.double({ min: -5, max: 5, noNaN: true }), (items, theta) => {
        const bank = ItemBank.fromRows(items);
        const info = bank.engine().informationInto(theta, new Float64Array(bank.size));
        items.forEach((item, i) => {
          expect(info[i]).toBeGreaterThanOrEqual(0);
          expect(Math.abs(info[i] - oracle.information(bank, i, theta, DEFAULT_ENGINE_OPTIONS.D))).toBeLessThanOrEqual(1e-15 + 1e-12 * info[i]);
          expect(info[i]).toBeLessThanOrEqual((item.a * item.a) / 4 + 1e-15);
        });
        items.forEach((item, i) => {
          const peak = bank.engine().informationInto(item.b, new Float64Array(bank.size))[i];
          expect(peak).toBeCloseTo((item.a * item.a) / 4, 12);
          expect(info[i]).toBeLessThanOrEqual(peak + 1e-15);
        });
      }),
      { numRuns: 40 },
    );
  });

  it('log-likelihood is ≤ 0 and equals Σ log P', () => {
    fc.assert(
      fc.property(bankWithResponses, fc.double({ min: -6, max: 6, noNaN: true }), ([items, responses], theta) => {
        const bank = ItemBank.fromRows(items);
        const all = items.map((_, i) => i);
        const ours = bank.engine().logLikelihood(all, responses, theta);
        let expected = 0;
        all.forEach((i) => {
          // log σ(±z) directly: 1 − P loses every digit when P is near 1
          const z = items[i].a * (theta - items[i].b);
          expected += Math.log(oracle.logistic(responses[i] ? z : -z));
        });
        expect(ours).toBeLessThanOrEqual(0);
        if (Number.isFinite(expected)) expect(Math.abs(ours - expected)).toBeLessThan(1e-9 * Math.max(1, Math.abs(expected)));
      }),
      { numRuns: 60 },
    );
  });
});
