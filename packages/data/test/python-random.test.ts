import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { InvalidArgumentError } from '../src/index';
import { PythonRandom } from '../src/python-random';

// Golden draws from CPython itself: fixtures/python-random/generate.py (the script and its output are committed).
const golden = JSON.parse(readFileSync(new URL('./fixtures/python-random/expected.json', import.meta.url), 'utf8')) as {
  cases: Record<string, unknown>;
};
const cases = golden.cases as Record<string, any>;

describe('PythonRandom reproduces CPython random.Random', () => {
  it.each(['42', '0', '1234', '1099511627783'])('getrandbits(32) after seed(%s)', (seed) => {
    const random = new PythonRandom(Number(seed));
    expect(Array.from({ length: 5 }, () => random.nextUint32())).toEqual(cases[seed].uint32);
  });

  it('shuffle, then samples of both kinds (set of picks and pool), then randrange, draw for draw', () => {
    const random = new PythonRandom(42);
    expect(random.shuffle(Array.from({ length: 50 }, (_, i) => i))).toEqual(cases.harness_docs);
    expect([0, 1, 2].map(() => random.sample(1119, 25))).toEqual(cases.harness_samples_25_of_1119);
    expect([0, 1].map(() => random.sample(39905, 10))).toEqual(cases.harness_samples_10_of_39905);
    expect(random.sample(12, 5)).toEqual(cases.pool_sample_5_of_12);
    expect(random.sample(200, 25)).toEqual(cases.pool_sample_25_of_200);
    expect([1, 2, 3, 1000, 2 ** 31 + 5].map((n) => random.below(n))).toEqual(cases.below_after);
  });

  it('the documented examples', () => {
    expect(new PythonRandom(42).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])).toEqual(cases.shuffle_10);
    expect(new PythonRandom(42).sample(1000, 5)).toEqual(cases.sample_5_of_1000);
    expect(new PythonRandom(42).below(10)).toBe(cases.randrange_10);
  });

  it('rejects a sample larger than the population and a seed that is not an integer', () => {
    expect(() => new PythonRandom(42).sample(3, 4)).toThrow(InvalidArgumentError);
    expect(() => new PythonRandom(0.5)).toThrow(InvalidArgumentError);
  });
});
