import { beforeAll, describe, expect, it } from 'vitest';
import { IrtEngine, initSync, isInitialized, instantiate, NotInitializedError } from '../src/index';

describe('initialization', () => {
  // this file runs in its own module graph (vitest isolates files), so nothing has initialized the engine yet
  it('throws a clear error before init, then works', () => {
    expect(isInitialized()).toBe(false);
    expect(() => instantiate()).toThrow(NotInitializedError);
    expect(() => instantiate()).toThrow(/call `await init\(\)`/);
    initSync();
    expect(isInitialized()).toBe(true);
    expect(instantiate().probability(1, 0, 0, 1, 1, 0)).toBe(0.5);
  });
});

describe('IrtEngine', () => {
  beforeAll(() => initSync());

  it('computes the 2PL probability as the logistic of a(θ − b)', () => {
    const engine = new IrtEngine();
    const { probability } = engine.exports;
    expect(probability(1.3, 0.4, 0, 1, 1, 1.1)).toBeCloseTo(1 / (1 + Math.exp(-1.3 * 0.7)), 15);
    // far tails stay finite and inside [0, 1]
    expect(probability(4, 0, 0, 1, 1, -800)).toBe(0);
    expect(probability(4, 0, 0, 1, 1, 800)).toBe(1);
    // 4PL: c + (d − c)σ
    expect(probability(1, 0, 0.2, 0.9, 1, 0)).toBeCloseTo(0.55, 15);
  });

  it('keeps its bank across memory growth', () => {
    const engine = new IrtEngine();
    engine.setBank({ a: [1, 2, 0.5], b: [0, 0.1, -1] });
    const before = engine.informationInto(0.3, new Float64Array(3));
    engine.setResponses(new Float64Array(3 * 5000).fill(1), 5000); // forces the layout to move
    const after = engine.informationInto(0.3, new Float64Array(3));
    expect(Array.from(after)).toEqual(Array.from(before));
    const p = 1 / (1 + Math.exp(-2 * (0.3 - 0.1)));
    expect(after[1]).toBeCloseTo(4 * p * (1 - p), 15);
  });

  it('sends exact information ties to the lowest index and returns −1 when the bank is used up', () => {
    const engine = new IrtEngine();
    engine.setBank({ a: [1, 2, 2, 2], b: [0, 0.5, 0.5, 0.5] });
    expect(engine.selectNext(0.5, [])).toBe(1);
    expect(engine.selectNext(0.5, [1])).toBe(2);
    expect(engine.selectNext(0.5, [1, 2, 3])).toBe(0);
    expect(engine.selectNext(0.5, [0, 1, 2, 3])).toBe(-1);
  });
});

describe('pruned MFI selection', () => {
  beforeAll(() => initSync());

  // A deterministic generator for the test banks (a Weyl sequence through a mixer).
  function uniforms(seed: number) {
    let state = seed >>> 0;
    return () => {
      state = (state + 0x9e3779b9) >>> 0;
      let z = state;
      z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
      z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
      return ((z ^ (z >>> 16)) >>> 0) / 4294967296;
    };
  }

  it('picks the same item as a full scan, ties to the lowest index, with negative a and used items', () => {
    for (const [seed, n] of [[1, 300], [2, 2000], [3, 20000]] as const) {
      const next = uniforms(seed);
      const a: number[] = [];
      const b: number[] = [];
      for (let i = 0; i < n; i++) {
        if (i > 10 && next() < 0.2) {
          // bit-identical copies of an earlier item make exact ties
          const j = Math.floor(next() * i);
          a.push(a[j]);
          b.push(b[j]);
          continue;
        }
        a.push((next() < 0.05 ? -1 : 1) * (0.2 + 3.8 * next() ** 2));
        b.push(6 * next() - 3);
      }
      const engine = new IrtEngine();
      engine.setBank({ a, b });
      const used: number[] = [];
      for (let step = 0; step < 300; step++) {
        const theta = 8 * next() - 4;
        const pruned = engine.selectNext(theta, used);
        const full = engine.exports.selectMaxInformationFullScan(theta);
        expect(pruned).toBe(full);
        used.push(pruned);
      }
    }
  });
});
