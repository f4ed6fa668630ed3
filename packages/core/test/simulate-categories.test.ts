// Graded answers of simulated test takers: one uniform per answer, item-major, compared with the cumulative
// GRM category probabilities written out here.
import { beforeAll, describe, expect, it } from 'vitest';
import { InvalidArgumentError, PolytomousItemBank, SeededRandom, initSync, simulateCategories } from '../src/index';

beforeAll(() => initSync());

const sigmoid = (z: number) => 1 / (1 + Math.exp(-z));

describe('simulateCategories', () => {
  it('draws category x when the uniform falls in [P(X < x), P(X ≤ x)), item by item', () => {
    // GRM: P(X ≥ k) = σ(a(θ − b_k)), so P(X ≤ x) = 1 − σ(a(θ − b_(x+1))) and P(X ≤ K) = 1
    const a = [1.3, 0.8];
    const thresholds = [[-1, 0.2, 1.1], [0.4]];
    const abilities = [0.5, -0.7, 1.6];
    const bank = new PolytomousItemBank({ model: 'grm', a, thresholds });
    const rng = new SeededRandom(42);
    const expected = abilities.map(() => new Float64Array(2));
    thresholds.forEach((b, i) => abilities.forEach((theta, k) => {
      const u = rng.next();
      let x = 0;
      while (x < b.length && u >= 1 - sigmoid(a[i] * (theta - b[x]))) x++;
      expected[k][i] = x;
    }));
    const drawn = simulateCategories(bank, abilities, { seed: 42 });
    expect(drawn).toEqual(expected);
  });

  it('follows the category probabilities over many draws, and a seed gives the same matrix', () => {
    const bank = new PolytomousItemBank({ model: 'grm', a: [1.5], thresholds: [[-0.5, 0, 0.8, 1.5]] });
    const thetas = Array(20000).fill(0.3);
    const columns = simulateCategories(bank, thetas, { seed: 3 });
    expect(simulateCategories(bank, thetas.slice(0, 50), { seed: 3 })).toEqual(columns.slice(0, 50));
    const cumulative = [-0.5, 0, 0.8, 1.5].map((b) => sigmoid(1.5 * (0.3 - b)));
    const p = [1 - cumulative[0], cumulative[0] - cumulative[1], cumulative[1] - cumulative[2], cumulative[2] - cumulative[3], cumulative[3]];
    p.forEach((share, x) => {
      const observed = columns.filter((column) => column[0] === x).length / thetas.length;
      // 5 binomial standard errors at n = 20,000
      expect(Math.abs(observed - share)).toBeLessThan(5 * Math.sqrt((share * (1 - share)) / thetas.length));
    });
  });

  it('refuses a non-finite ability', () => {
    const bank = new PolytomousItemBank({ model: 'pcm', thresholds: [[0, 1]] });
    expect(() => simulateCategories(bank, [0, NaN])).toThrow(InvalidArgumentError);
  });
});
