// WLE on steep and extreme items, against catR's WL equation solved independently (reference-estimates.ts)
// and against closed forms. Regression for issue 10: a = 10 answered wrong gave θ = +4 with SE null, an
// all-wrong pattern on a steep bank gave +4, a right answer on b = 1000 gave −4.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, initSync } from '../src/index';
import { referenceInformation, referenceWle, type ReferenceItem } from './reference-estimates';

/** Our bisection stops at width 1e-13; the reference at 1e-14 relative. */
const SAME_ROOT = 1e-9;

beforeAll(() => initSync());

function wle(items: readonly ReferenceItem[], responses: readonly number[]) {
  const bank = ItemBank.fromRows(items.map((item) => ({ ...item })));
  return bank.engine().estimate(items.map((_, i) => i), responses, 0, 'wle');
}

describe('WLE of one item (closed form)', () => {
  // For one item the WL equation is Da(x − P) + Da(1 − 2P)/2 = 0 (2PL: P' = Da·PQ, J/(2I) = Da(1 − 2P)/2),
  // so P = 1/4 after a wrong answer and 3/4 after a right one: θ = b ∓ ln 3/(D·a).
  it.each([
    [10, 0, 0, -Math.log(3) / 10],
    [10, 0, 1, Math.log(3) / 10],
    [38, 0.5, 0, 0.5 - Math.log(3) / 38],
    [1, 2, 1, 2 + Math.log(3)],
  ])('a = %d, b = %d, x = %d: θ = b ∓ ln 3/a', (a, b, x, expected) => {
    const { theta, se } = wle([{ a, b }], [x]);
    expect(Math.abs(theta - expected)).toBeLessThan(SAME_ROOT);
    // SE = 1/sqrt(a²PQ) with P = 1/4 or 3/4
    expect(Math.abs(se - 1 / Math.sqrt((a * a * 3) / 16))).toBeLessThan(1e-9);
  });

  it('a root beyond the range gives the end the score points to: b = 1000 right → +4, b = −1000 wrong → −4', () => {
    expect(wle([{ a: 1, b: 1000 }], [1]).theta).toBe(4);
    expect(wle([{ a: 1, b: -1000 }], [0]).theta).toBe(-4);
    // the root b − ln 3/a lies beyond +4 for a wrong answer on b = 1000 too (P < 1/4 everywhere on the range)
    expect(wle([{ a: 1, b: 1000 }], [0]).theta).toBe(4);
    // no information is left at the end: the SE is Infinity (JSON null), as documented
    expect(wle([{ a: 1, b: 1000 }], [1]).se).toBe(Infinity);
  });
});

describe('WLE on steep banks against catR’s equation', () => {
  const steep = Array.from({ length: 20 }, (_, i) => ({ a: 37 + (i % 3), b: -1.5 + 0.15 * i }));

  it.each([
    ['all wrong', steep.map(() => 0)],
    ['all right', steep.map(() => 1)],
    ['Guttman', steep.map((_, i) => (i < 8 ? 1 : 0))],
    ['alternating', steep.map((_, i) => i % 2)],
  ])('20 items with a ≈ 38, %s', (_, responses) => {
    const { theta, se } = wle(steep, responses);
    const expected = referenceWle(steep, responses);
    expect(Math.abs(theta - expected)).toBeLessThan(SAME_ROOT);
    expect(theta).toBeGreaterThan(-4);
    expect(theta).toBeLessThan(4);
    expect(Math.abs(se * Math.sqrt(referenceInformation(steep, expected)) - 1)).toBeLessThan(1e-6);
  });

  it('the all-wrong pattern lands below every difficulty, not at +4', () => {
    const { theta } = wle(steep, steep.map(() => 0));
    expect(theta).toBeLessThan(Math.min(...steep.map((item) => item.b)));
  });

  it('random steep and extreme 1–4PL banks: the same root as the reference', () => {
    const item = fc.record({
      a: fc.oneof(fc.double({ min: 5, max: 60, noNaN: true }), fc.double({ min: 0.2, max: 3, noNaN: true })),
      b: fc.oneof(fc.double({ min: -3, max: 3, noNaN: true }), fc.double({ min: -1000, max: 1000, noNaN: true })),
      c: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.3, noNaN: true })),
      d: fc.oneof(fc.constant(1), fc.double({ min: 0.8, max: 1, noNaN: true })),
    });
    const bankWithPattern = fc.array(item, { minLength: 1, maxLength: 25 })
      .chain((items) => fc.tuple(fc.constant(items), fc.array(fc.constantFrom(0, 1), { minLength: items.length, maxLength: items.length })));
    fc.assert(
      fc.property(bankWithPattern, ([items, responses]) => {
        const { theta, se } = wle(items, responses);
        expect(Math.abs(theta - referenceWle(items, responses))).toBeLessThan(SAME_ROOT);
        expect(se >= 0).toBe(true);
      }),
      { numRuns: 300 },
    );
  });
});
