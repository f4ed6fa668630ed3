import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveTest, DimensionError, FluidError, InvalidArgumentError, ItemBank, SessionStateError, fluidBenchmarking, initSync,
} from '../src/index';
import { fixturesDir, readBank, readJsonl } from './fixtures';

const arc = readBank(join(fixturesDir, 'synthetic'), 'arc_challenge');
let bank: ItemBank;
beforeAll(() => {
  initSync();
  bank = new ItemBank({ ids: arc.ids, a: arc.a, b: arc.b });
});

function answerAll(test: AdaptiveTest, responses: number[]): void {
  while (!test.done) test.record(responses[test.next().index]);
}

describe('AdaptiveTest', () => {
  it('gives the reference trajectory item by item', () => {
    const expected = readJsonl<{ checkpoint: string; items: number[]; abilities: number[] }>(join(fixturesDir, 'synthetic', 'expected_map_start0.jsonl'))
      .find((run) => (run as unknown as { bank: string }).bank === 'arc_challenge' && run.checkpoint === 'ckpt_20')!;
    const test = new AdaptiveTest(bank, { nMax: 100 });
    answerAll(test, arc.columns[arc.checkpoints.indexOf('ckpt_20')]);
    expect(test.state.items).toEqual(expected.items.slice(0, 100));
    test.state.abilities.forEach((theta, k) => expect(Math.abs(theta - expected.abilities[k])).toBeLessThanOrEqual(1e-9));
    expect(test.stopReason).toBe('max_items');
  });

  it('survives a restart through JSON and continues identically', () => {
    const responses = arc.columns[3];
    const whole = new AdaptiveTest(bank, { nMax: 40, estimator: 'eap' });
    answerAll(whole, responses);
    const first = new AdaptiveTest(bank, { nMax: 40, estimator: 'eap' });
    for (let k = 0; k < 17; k++) first.record(responses[first.next().index]);
    first.next(); // a pending item is part of the snapshot
    const resumed = AdaptiveTest.fromJSON(JSON.parse(JSON.stringify(first)), bank);
    answerAll(resumed, responses);
    expect(resumed.state).toEqual(whole.state);
  });

  it('a random selector is reproducible from its seed and survives a restart', () => {
    const run = (seed: number) => {
      const test = new AdaptiveTest(bank, { nMax: 20, selector: 'random', seed });
      answerAll(test, arc.columns[0]);
      return test.state.items;
    };
    expect(run(7)).toEqual(run(7));
    expect(run(7)).not.toEqual(run(8));
    const half = new AdaptiveTest(bank, { nMax: 20, selector: 'random', seed: 7 });
    for (let k = 0; k < 10; k++) half.record(arc.columns[0][half.next().index]);
    const resumed = AdaptiveTest.fromJSON(half.toJSON(), bank);
    answerAll(resumed, arc.columns[0]);
    expect(resumed.state.items).toEqual(run(7));
  });

  it('stops on the SE threshold and says so; the run is the prefix of the unlimited run', () => {
    const responses = arc.columns[5];
    const full = fluidBenchmarking(responses, bank, { nMax: 200 });
    const threshold = 0.3;
    const firstBelow = full.se.findIndex((se) => se < threshold);
    const stopped = fluidBenchmarking(responses, bank, { nMax: 200, minSe: threshold });
    expect(stopped.stopReason).toBe('min_se');
    expect(stopped.items).toEqual(full.items.slice(0, firstBelow + 1));
    expect(stopped.stopDetail).toMatch(/fell below 0.3/);
    const test = new AdaptiveTest(bank, { nMax: 200, minSe: threshold });
    answerAll(test, responses);
    expect(test.state.items).toEqual(stopped.items);
    expect(test.stopReason).toBe('min_se');
  });

  it('refuses what it cannot do, with typed errors', () => {
    const small = new ItemBank({ a: [1, 2], b: [0, 1] });
    const test = new AdaptiveTest(small, { nMax: 5 });
    expect(() => test.record(1)).toThrow(SessionStateError);
    expect(() => test.record(2, 0)).toThrow(InvalidArgumentError);
    test.record(1, 0);
    expect(() => test.record(1, 0)).toThrow(/already administered/);
    test.record(0, 1);
    expect(test.done).toBe(true);
    expect(test.stopReason).toBe('exhausted');
    expect(() => test.next()).toThrow(/the test is over/);
  });
});

describe('ItemBank validation', () => {
  it('names the item and quotes the value', () => {
    expect(() => new ItemBank({ ids: ['x', 'y'], a: [1, 0], b: [0, 0] })).toThrow(/item "y" \(row 1\): a: discrimination must be finite and non-zero \(got 0\)/);
    expect(() => new ItemBank({ a: [1], b: [NaN] })).toThrow(/difficulty must be finite \(got NaN\)/);
    expect(() => new ItemBank({ a: [1], b: [0], c: [0.5], d: [0.4] })).toThrow(/need 0 ≤ c < d ≤ 1 \(got \[0.5,0.4\]\)/);
    expect(() => new ItemBank({ ids: ['q', 'q'], a: [1, 1], b: [0, 0] })).toThrow(/duplicate item id/);
    expect(() => new ItemBank({ a: [1, 1], b: [0] })).toThrow(DimensionError);
    expect(() => new ItemBank({ a: [Infinity], b: [0] })).toThrow(InvalidArgumentError);
    expect(() => new ItemBank({ a: [Infinity], b: [0] })).toThrow(FluidError);
    // one marker per class: a sibling's isInstance says no
    const sessionError = new SessionStateError('the test is over');
    expect(InvalidArgumentError.isInstance(sessionError)).toBe(false);
    expect(SessionStateError.isInstance(sessionError)).toBe(true);
    expect(FluidError.isInstance(sessionError)).toBe(true);
  });

  it('accepts rows with semantic aliases', () => {
    const fromRows = ItemBank.fromRows([{ id: 'q1', discrimination: 1.5, difficulty: -0.5, guessing: 0.2 }]);
    expect([fromRows.a[0], fromRows.b[0], fromRows.c[0], fromRows.d[0], fromRows.is2PL]).toEqual([1.5, -0.5, 0.2, 1, false]);
  });

  it('rejects responses outside [0, 1] and binarizes at 0.5', () => {
    const small = new ItemBank({ a: [1, 1], b: [0, 0] });
    expect(() => fluidBenchmarking([1, 3], small)).toThrow(/responses\[0\]\[1\]: a response must be in \[0, 1\]/);
    expect(fluidBenchmarking([0.5, 0.49], small, { nMax: 2 }).abilities).toEqual(fluidBenchmarking([1, 0], small, { nMax: 2 }).abilities);
  });
});
