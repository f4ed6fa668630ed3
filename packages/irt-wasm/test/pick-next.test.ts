import { beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_GRID, IrtEngine, initSync } from '../src/index';
import { nearestLocation, sortedByLocation } from '../src/location-pick';

/** Small seeded generator (mulberry32), so every failure is reproducible from its seed. */
function random(seed: number) {
  let s = seed >>> 0;
  return () => {
    s = (s + 0x6d2b79f5) >>> 0;
    let t = s;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

/** The full scan's rule written out: smallest |location − θ|, exact ties to the lowest row. */
function bruteNearest(locations: Float64Array, theta: number, blocked: Set<number>): number {
  let best = -1;
  for (let i = 0; i < locations.length; i++) {
    if (blocked.has(i)) continue;
    if (best < 0 || Math.abs(locations[i] - theta) < Math.abs(locations[best] - theta)) best = i;
  }
  return best;
}

describe('nearestLocation', () => {
  it('equals the brute-force nearest on coarse locations full of ties, including mirrored ones and infinities', () => {
    const next = random(7);
    for (let trial = 0; trial < 2000; trial++) {
      const n = 1 + Math.floor(next() * 40);
      // quarter steps make equal locations and equal distances on both sides of θ common
      const locations = Float64Array.from({ length: n }, () => (next() < 0.05 ? (next() < 0.5 ? -Infinity : Infinity) : Math.round(next() * 16 - 8) / 4));
      const theta = Math.round(next() * 16 - 8) / 8;
      const blocked = new Set<number>();
      for (let i = 0; i < n; i++) if (next() < 0.3) blocked.add(i);
      expect(nearestLocation(locations, sortedByLocation(locations)!, theta, (row) => blocked.has(row)), `trial ${trial}`).toBe(bruteNearest(locations, theta, blocked));
    }
  });

  it('gives −1 when every row is blocked, and no order when a location is NaN', () => {
    const locations = new Float64Array([1, 2]);
    expect(nearestLocation(locations, sortedByLocation(locations)!, 0, () => true)).toBe(-1);
    expect(sortedByLocation(new Float64Array([0, NaN]))).toBeNull();
  });
});

describe('IrtEngine.pickNext', () => {
  beforeAll(() => initSync());

  type Model = '1pl' | '2pl' | '3pl' | '4pl';
  function bank(model: Model, n: number, next: () => number, coarse: boolean) {
    const round = (x: number) => (coarse ? Math.round(x * 4) / 4 : x);
    return {
      a: Float64Array.from({ length: n }, () => (model === '1pl' ? 1 : round(0.3 + next() * 2))),
      b: Float64Array.from({ length: n }, () => round(next() * 6 - 3)),
      c: Float64Array.from({ length: n }, () => (model === '3pl' || model === '4pl' ? (coarse ? 0.2 : next() * 0.3) : 0)),
      d: Float64Array.from({ length: n }, () => (model === '4pl' ? (coarse ? 0.9 : 0.85 + next() * 0.15) : 1)),
    };
  }

  // 300 and 1,000 items take mfi through the pruned search (2PL banks of ≥ 256 items), the others through the scan
  for (const model of ['1pl', '2pl', '3pl', '4pl'] as const) {
    it(`picks the full scan's item and value for mfi, bopt and thopt (${model}, ties, administered and excluded items, D = 1 and 1.702)`, () => {
      const next = random(model.length * 101 + model.charCodeAt(0));
      const engine = new IrtEngine();
      const values = new Float64Array(1000);
      for (const n of [1, 5, 40, 300, 1000]) {
        for (const coarse of [false, true]) {
          engine.setOptions({});
          engine.setBank(bank(model, n, next, coarse));
          for (const D of [1, 1.702]) {
            engine.setOptions({ D });
            for (let trial = 0; trial < 8; trial++) {
              const items: number[] = [];
              const blocked: number[] = [];
              for (let i = 0; i < n; i++) {
                const u = next();
                if (u < 0.2) items.push(i);
                else if (u < 0.3) blocked.push(i);
              }
              if (trial === 7) for (let i = 0; i < n; i++) if (!items.includes(i)) blocked.push(i); // nothing left
              const responses = items.map(() => (next() < 0.5 ? 1 : 0));
              const theta = coarse ? Math.round(next() * 24 - 12) / 4 : next() * 8 - 4;
              for (const criterion of ['mfi', 'bopt', 'thopt'] as const) {
                const { best } = engine.criterionValuesInto(criterion, items, responses, theta, 'map', DEFAULT_GRID, blocked, values);
                const picked = engine.pickNext(criterion, theta, items, blocked);
                const where = `${criterion}, ${n} items, coarse ${coarse}, D ${D}, θ ${theta}`;
                expect(picked.best, where).toBe(best);
                if (best >= 0) expect(picked.value, where).toBe(values[best]);
                else expect(picked.value, where).toBeNaN();
              }
            }
          }
        }
      }
    });
  }
});
