// The paper's metrics on small curves whose values are worked out by hand in the comments.
import { beforeAll, describe, expect, it } from 'vitest';
import {
  ItemBank, InvalidArgumentError, averageRanks, fluidBenchmarking, initSync, itemsToReachSe, monotonicity, rankAmong,
  rankDistance, seStoppingThreshold, spearman, pearson, totalVariation, SeededRandom,
} from '../src/index';

beforeAll(() => initSync());

describe('rankAmong / rankDistance', () => {
  it('counts the leaderboard scores above, ties sharing the average rank', () => {
    const leaderboard = [0.9, 0.8, 0.8, 0.4];
    expect(rankAmong(0.95, leaderboard)).toBe(1); // nobody above
    expect(rankAmong(0.85, leaderboard)).toBe(2); // 0.9 above
    expect(rankAmong(0.8, leaderboard)).toBe(3); // 0.9 above; tied block of three at ranks 2, 3, 4
    expect(rankAmong(0.1, leaderboard)).toBe(5); // all four above
  });

  it('is the absolute rank difference between benchmark A and the reference benchmark B', () => {
    // A: abilities; 0.3 has 1.2 and 0.5 above: rank 3. B: accuracy 0.62 has 0.7 above: rank 2. |3 − 2| = 1.
    expect(rankDistance(0.3, [1.2, 0.5, -0.4, -1], 0.62, [0.7, 0.6, 0.55, 0.3])).toBe(1);
    // A rank 1 (nothing above 2.0); B: 0.3 ties the last of four: 1 + 3 + 0.5 = 4.5. Distance 3.5.
    expect(rankDistance(2.0, [1.2, 0.5], 0.3, [0.7, 0.6, 0.55, 0.3])).toBe(3.5);
  });

  it('rejects non-finite scores and empty leaderboards', () => {
    expect(() => rankAmong(NaN, [1])).toThrow(InvalidArgumentError);
    expect(() => rankAmong(0, [])).toThrow(/population/);
  });
});

describe('totalVariation', () => {
  it('is n/(n−1) for a monotone curve', () => {
    expect(totalVariation([0, 0.1, 0.5, 0.6])).toBeCloseTo(4 / 3, 12);
  });

  it('grows with back-and-forth steps', () => {
    // Steps 0.3, 0.2, 0.3, 0.2 sum to 1.0; net change |0.4 − 0.2| = 0.2; 5/4 · 1.0/0.2 = 6.25.
    expect(totalVariation([0.2, 0.5, 0.3, 0.6, 0.4])).toBeCloseTo(6.25, 12);
    // A falling curve: steps 1 + 2 + 3 = 6, net |−1 − 1| = 2: 4/3 · 3 = 4.
    expect(totalVariation([1, 0, 2, -1])).toBeCloseTo(4, 12);
  });

  it('has no net change to divide by when the curve returns to its start', () => {
    expect(totalVariation([1, 2, 1])).toBe(Infinity);
    expect(totalVariation([1, 1, 1])).toBeNaN();
  });

  it('needs two finite points', () => {
    expect(() => totalVariation([1])).toThrow(InvalidArgumentError);
    expect(() => totalVariation([1, NaN])).toThrow(/curve\[1\]/);
  });
});

describe('pearson', () => {
  it('is ±1 on exact lines and 1/2 on a worked case', () => {
    expect(pearson([1, 2, 3], [2, 4, 6])).toBeCloseTo(1, 15);
    expect(pearson([1, 2, 3], [3, 2, 1])).toBeCloseTo(-1, 15);
    // means 2 and 2: Σ(dx·dy) = 1, Σdx² = 2, Σdy² = 2 → 1/2
    expect(pearson([1, 2, 3], [1, 3, 2])).toBeCloseTo(0.5, 15);
    expect(pearson([1, 1, 1], [1, 2, 3])).toBeNaN();
  });
});

describe('averageRanks / spearman / monotonicity', () => {
  it('gives tied values their average rank', () => {
    expect(Array.from(averageRanks([5, 1, 5, 5, 0]))).toEqual([4, 2, 4, 4, 1]);
  });

  it('matches 1 − 6Σd²/(n(n²−1)) when there are no ties', () => {
    const rng = new SeededRandom(7);
    for (let trial = 0; trial < 20; trial++) {
      const n = 3 + rng.nextInt(30);
      const y = Array.from({ length: n }, () => rng.next());
      // Rank y by counting the smaller values (no ties among continuous draws).
      const ranks = y.map((value) => 1 + y.filter((other) => other < value).length);
      const d2 = ranks.reduce((sum, r, i) => sum + (r - (i + 1)) ** 2, 0);
      const expected = 1 - (6 * d2) / (n * (n * n - 1));
      expect(spearman(y.map((_, i) => i), y)).toBeCloseTo(expected, 12);
    }
  });

  it('handles ties as scipy.stats.spearmanr does', () => {
    // Ranks of y: 1, 2.5, 2.5, 4; centred x −1.5, −.5, .5, 1.5 and y −1.5, 0, 0, 1.5:
    // Σxy = 4.5, Σx² = 5, Σy² = 4.5, r = 4.5/√22.5 = √0.9.
    expect(monotonicity([1, 2, 2, 4])).toBeCloseTo(Math.sqrt(0.9), 12);
  });

  it('is the absolute correlation, NaN for a flat curve', () => {
    // Ranks 4, 3, 1, 2 against 1..4: d² = 9 + 1 + 4 + 4 = 18, r = 1 − 108/60 = −0.8.
    expect(spearman([1, 2, 3, 4], [0.9, 0.7, 0.1, 0.5])).toBeCloseTo(-0.8, 12);
    expect(monotonicity([0.9, 0.7, 0.1, 0.5])).toBeCloseTo(0.8, 12);
    expect(monotonicity([0.5, 0.5, 0.5])).toBeNaN();
  });

  it('rejects curves of different lengths', () => {
    expect(() => spearman([1, 2], [1, 2, 3])).toThrow(/same length/);
  });
});

describe('dynamic stopping', () => {
  it('thresholds at the mean gap between rank-adjacent leaderboard abilities', () => {
    // Sorted: −1, −0.2, 0.4, 2.2; gaps 0.8, 0.6, 1.8; mean 3.2/3.
    expect(seStoppingThreshold([0.4, 2.2, -1, -0.2])).toBeCloseTo(3.2 / 3, 12);
    expect(() => seStoppingThreshold([1])).toThrow(InvalidArgumentError);
  });

  it('counts items up to the first SE strictly below the threshold', () => {
    expect(itemsToReachSe([0.8, 0.5, 0.49, 0.3], 0.5)).toBe(3);
    expect(itemsToReachSe([0.8, 0.6], 0.5)).toBeNull();
    expect(() => itemsToReachSe([0.4], 0)).toThrow(/threshold/);
  });

  it('agrees with a run that stops itself at minSe', () => {
    const rng = new SeededRandom(11);
    const n = 400;
    const a = Array.from({ length: n }, () => Math.exp(0.4 * rng.nextNormal()));
    const b = Array.from({ length: n }, () => rng.nextNormal());
    const bank = new ItemBank({ a, b });
    const theta = 0.7;
    const responses = a.map((ai, i) => (rng.next() < 1 / (1 + Math.exp(-ai * (theta - b[i]))) ? 1 : 0));
    const full = fluidBenchmarking(responses, bank, { nMax: 200, start: 0.2 });
    for (const threshold of [0.5, 0.3, 0.2]) {
      const stopped = fluidBenchmarking(responses, bank, { nMax: 200, start: 0.2, minSe: threshold });
      expect(stopped.stopReason).toBe('min_se');
      expect(itemsToReachSe(full.se, threshold)).toBe(stopped.items.length);
      expect(stopped.items).toEqual(full.items.slice(0, stopped.items.length));
    }
  });
});
