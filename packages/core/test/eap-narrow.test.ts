// EAP when the posterior is narrower than catR's 33-node grid (spacing 0.25): the engine refines, and must
// then equal the true posterior mean and SD on the range (a dense trapezoid written in the test). Regression
// for issue 10: 10 items with a = 20 and alternating answers gave SE 9e-3 against a true 0.057.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import { ItemBank, fluidBenchmarking, initSync } from '../src/index';
import { denseEap, type ReferenceItem } from './reference-estimates';

/** Simpson on 257 nodes over ±~8 SD versus a trapezoid on 100,001 nodes: both near-exact. */
const REFINED = 1e-7;
/** catR's grid spacing on [−4, 4]; below half of it the engine refines. */
const SPACING = 0.25;

beforeAll(() => initSync());

function eap(items: readonly ReferenceItem[], responses: readonly number[], options: { eapPrior?: 'normal' | 'uniform' } = {}) {
  const bank = ItemBank.fromRows(items.map((item) => ({ ...item })));
  const engine = bank.engine();
  engine.setOptions(options);
  return engine.estimate(items.map((_, i) => i), responses, 0, 'eap');
}

describe('EAP on steep items', () => {
  const steep = Array.from({ length: 10 }, (_, i) => ({ a: 20, b: -0.45 + 0.1 * i }));
  const alternating = steep.map((_, i) => i % 2);

  it('10 items with a = 20, alternating answers: the true posterior mean and SD', () => {
    const expected = denseEap(steep, alternating);
    const grid = denseEap(steep, alternating, { nodes: 33 }); // catR's grid
    expect(grid.se).toBeLessThan(SPACING / 2); // the 33-node grid has collapsed …
    const { theta, se } = eap(steep, alternating);
    expect(Math.abs(theta - expected.theta)).toBeLessThan(REFINED);
    expect(Math.abs(se - expected.se)).toBeLessThan(REFINED); // … the refined SD has not
  });

  it('a = 200: an SD far below the grid spacing stays the true one (the grid gave ~1e-61 in such cases)', () => {
    const items = Array.from({ length: 6 }, (_, i) => ({ a: 200, b: 0.3 + 0.002 * i }));
    const responses = [1, 1, 1, 0, 0, 0];
    // the posterior (SD ~3e-3) lies inside [0.2, 0.4]: the range beyond holds less than e^-1000 of the mass
    const expected = denseEap(items, responses, { range: [0.2, 0.4], nodes: 200_001 });
    const { theta, se } = eap(items, responses);
    expect(Math.abs(theta - expected.theta)).toBeLessThan(REFINED);
    expect(Math.abs(se / expected.se - 1)).toBeLessThan(1e-4);
  });

  it('a flat prior, and a posterior pinned at the range end', () => {
    const flat = denseEap(steep, alternating, { prior: 'uniform' });
    const ours = eap(steep, alternating, { eapPrior: 'uniform' });
    expect(Math.abs(ours.theta - flat.theta)).toBeLessThan(REFINED);
    expect(Math.abs(ours.se - flat.se)).toBeLessThan(REFINED);
    // a wrong answer on an easy steep item: the posterior decays like e^{−20(θ+4)} from −4
    const pinned = [{ a: 20, b: -5 }];
    const expected = denseEap(pinned, [0]);
    const { theta, se } = eap(pinned, [0]);
    expect(Math.abs(theta - expected.theta)).toBeLessThan(1e-6);
    expect(Math.abs(se - expected.se)).toBeLessThan(1e-6);
  });

  it('a replay reports the refined SE at every step, so minSe does not stop early', () => {
    const bank = ItemBank.fromRows(steep);
    const run = fluidBenchmarking(alternating, bank, { estimator: 'eap', nMax: 10, minSe: 0.02 });
    run.items.forEach((_, k) => {
      const prefix = run.items.slice(0, k + 1);
      const items = prefix.map((i) => steep[i]);
      const responses = prefix.map((i) => alternating[i]);
      const grid = denseEap(items, responses, { nodes: 33 });
      // catR's grid where it resolves the posterior, the true posterior where it does not
      const expected = grid.se >= SPACING / 2 ? grid : denseEap(items, responses);
      expect(Math.abs(run.se[k] - expected.se)).toBeLessThan(1e-6);
    });
    expect(run.stopReason).not.toBe('min_se');
    expect(run.items.length).toBe(10);
  });

  it('random steep 1–4PL banks: catR’s grid where the grid SD is ≥ half its spacing, the true posterior otherwise', () => {
    const item = fc.record({
      a: fc.oneof(fc.double({ min: 5, max: 40, noNaN: true }), fc.double({ min: 0.3, max: 3, noNaN: true })),
      b: fc.double({ min: -3, max: 3, noNaN: true }),
      c: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 0.25, noNaN: true })),
      d: fc.oneof(fc.constant(1), fc.double({ min: 0.85, max: 1, noNaN: true })),
    });
    const bankWithPattern = fc.array(item, { minLength: 1, maxLength: 15 })
      .chain((items) => fc.tuple(fc.constant(items), fc.array(fc.constantFrom(0, 1), { minLength: items.length, maxLength: items.length })));
    fc.assert(
      fc.property(bankWithPattern, ([items, responses]) => {
        const ours = eap(items, responses);
        const grid = denseEap(items, responses, { nodes: 33 });
        if (grid.se >= SPACING / 2) {
          expect(Math.abs(ours.theta - grid.theta)).toBeLessThan(1e-9);
          expect(Math.abs(ours.se - grid.se)).toBeLessThan(1e-9);
          return;
        }
        const expected = denseEap(items, responses, { nodes: 20_001 });
        expect(Math.abs(ours.theta - expected.theta)).toBeLessThan(1e-5);
        expect(Math.abs(ours.se - expected.se)).toBeLessThan(1e-5 + 1e-3 * expected.se);
      }),
      { numRuns: 80 },
    );
  });
});
