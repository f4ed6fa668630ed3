import { describe, expect, it } from 'vitest';
import { InvalidArgumentError, ItemBank, SeededRandom, simulateResponses } from '../src/index';

describe('simulateResponses', () => {
  it('is reproducible from its seed and differs across seeds', () => {
    const bank = { a: Float64Array.from({ length: 200 }, (_, i) => 0.5 + (i % 7) / 4), b: Float64Array.from({ length: 200 }, (_, i) => -2 + (i % 11) / 2.5) };
    const first = simulateResponses(bank, [-1, 0, 1], { seed: 11 });
    expect(simulateResponses(bank, [-1, 0, 1], { seed: 11 })).toEqual(first);
    expect(simulateResponses(bank, [-1, 0, 1], { seed: 12 })).not.toEqual(first);
    for (const column of first) for (const x of column) expect(x === 0 || x === 1).toBe(true);
  });

  it('draws one 32-bit number per response, taker by taker, compared with P·2³²', () => {
    // the derivation written out: response (k, i) is 1 exactly when the next uint32 is below σ(a(θk − b))·2³²
    const a = [1.2, 0.7, 2.5];
    const b = [0.3, -1, 0.8];
    const abilities = [0.5, -0.4];
    const rng = new SeededRandom(99);
    const expected = abilities.map((theta) => Float64Array.from(a, (ai, i) => (rng.nextUint32() < 4294967296 / (1 + Math.exp(-ai * (theta - b[i]))) ? 1 : 0)));
    expect(simulateResponses({ a, b }, abilities, { seed: 99 })).toEqual(expected);
  });

  it('continues a given generator, so consecutive calls equal one call', () => {
    const bank = new ItemBank({ a: [1, 1, 1, 1], b: [0, 0.5, -0.5, 1] });
    const rng = new SeededRandom(5);
    const joined = [...simulateResponses(bank, [0], { rng }), ...simulateResponses(bank, [1], { rng })];
    expect(joined).toEqual(simulateResponses(bank, [0, 1], { seed: 5 }));
  });

  it('honours the asymptotes: c = d = 1 is always right, an item far above θ with c = 0 always wrong', () => {
    const [column] = simulateResponses({ a: [1, 1], b: [50, 50], c: [0.999999, 0], d: [1, 1] }, [0], { seed: 1 });
    expect(column[1]).toBe(0);
    const sure = simulateResponses({ a: [1], b: [0], c: [0], d: [1] }, Array.from({ length: 50 }, () => 40), { seed: 2 });
    expect(sure.every((col) => col[0] === 1)).toBe(true);
  });

  it('refuses a non-finite ability and an inexact seed', () => {
    expect(() => simulateResponses({ a: [1], b: [0] }, [Number.NaN])).toThrow(InvalidArgumentError);
    expect(() => simulateResponses({ a: [1], b: [0] }, [0], { seed: 1e30 })).toThrow(/seed: must be a safe integer/);
  });
});
