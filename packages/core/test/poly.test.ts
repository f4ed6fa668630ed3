// Polytomous banks through the core API: replay, sessions, abilities, validation; catR goldens for sessions.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveTest, FluidError, InvalidArgumentError, ItemBank, PolytomousItemBank, fluidBenchmarking, fluidBenchmarkingMany,
  fullAbility, initSync, type PolyModel,
} from '../src/index';
import { fixturesDir, readJsonl } from './fixtures';

/** catR's BM comes from uniroot (≈ 1e-4): fixtures/catr-poly/README.md. */
const CATR_ROOT_TOLERANCE = 5e-4;

beforeAll(() => initSync());

function catrBank(model: 'GRM' | 'GPCM' | 'PCM'): PolytomousItemBank {
  const rows = readFileSync(join(fixturesDir, 'catr-poly', 'banks.csv'), 'utf8').trim().split('\n').slice(1)
    .map((line) => line.split(',')).filter(([name]) => name === model)
    .map(([, , quoted]) => quoted.replace(/"/g, '').split(' ').filter((v) => v !== 'NA').map(Number));
  return new PolytomousItemBank({
    model: model.toLowerCase() as PolyModel,
    a: model === 'PCM' ? undefined : rows.map((r) => r[0]),
    thresholds: rows.map((r) => (model === 'PCM' ? r : r.slice(1))),
  });
}

interface State { model: 'GRM' | 'GPCM' | 'PCM'; state: number; items: number[]; responses: number[]; theta: { BM: number }; mfi: { pick: number } }

describe.each(['GRM', 'GPCM', 'PCM'] as const)('%s sessions against catR', (model) => {
  const states = readJsonl<State>(join(fixturesDir, 'catr-poly', 'states.jsonl')).filter((s) => s.model === model);

  it('AdaptiveTest: recording catR\'s items gives its BM estimate, then next() gives its MFI pick', () => {
    const bank = catrBank(model);
    for (const s of states) {
      const test = new AdaptiveTest(bank, { nMax: 80 });
      s.items.forEach((item, k) => test.record(s.responses[k], item));
      expect(Math.abs(test.theta - s.theta.BM), `state ${s.state}`).toBeLessThan(CATR_ROOT_TOLERANCE);
      expect(test.next().index, `state ${s.state}`).toBe(s.mfi.pick);
    }
  });
});

describe('replay and sessions', () => {
  // a small mixed bank: a GRM, a GPCM and a PCM item, and a two-category item
  const bank = new PolytomousItemBank({
    ids: ['g', 'p', 'c', 'two'],
    model: ['grm', 'gpcm', 'pcm', 'grm'],
    a: [1.4, 0.9, 1, 2],
    thresholds: [[-1, 0.2, 1.1], [0.5, -0.3], [0, 1, 2, 3], [0.4]],
  });

  it('fluidBenchmarking and AdaptiveTest give the same items, abilities and SEs', () => {
    const responses = [2, 1, 3, 0];
    for (const estimator of ['map', 'mle', 'eap', 'wle'] as const) {
      const run = fluidBenchmarking(responses, bank, { estimator });
      expect(run.items).toHaveLength(4);
      expect(run.stopReason).toBe('exhausted');
      const test = new AdaptiveTest(bank, { estimator });
      while (!test.done) {
        const { index } = test.next();
        test.record(responses[index]);
      }
      expect(test.state.items).toEqual(run.items);
      expect(test.state.abilities).toEqual(run.abilities);
      expect(test.state.se).toEqual(run.se);
      expect(run.itemIds).toEqual(run.items.map((i) => bank.ids[i]));
    }
  });

  it('excludes items, honours a minimum length with a stop rule, and rejects the criteria catR defines for 1–4PL items only', () => {
    const run = fluidBenchmarking([2, 1, 3, 0], bank, { exclude: ['g'], nMax: 4 });
    expect(run.items).not.toContain(0);
    expect(run.items).toHaveLength(3);
    const stopped = fluidBenchmarking([2, 1, 3, 0], bank, { stop: { rule: 'min_se', se: 10 }, minItems: 2 });
    expect(stopped.items).toHaveLength(2);
    expect(stopped.stopReason).toBe('min_se');
    expect(() => new AdaptiveTest(bank, { selector: 'bopt' })).toThrow(InvalidArgumentError);
    expect(() => new AdaptiveTest(bank, { selector: 'thopt' })).toThrow(/selector: catR defines bOpt and thOpt for dichotomous items only/);
  });

  it('survives a JSON round trip mid-session', () => {
    const test = new AdaptiveTest(bank, { nMax: 3 });
    test.record(2, 'g');
    const copy = AdaptiveTest.fromJSON(JSON.parse(JSON.stringify(test)), bank);
    expect(copy.next()).toEqual(test.next());
  });

  it('skips missing responses and a random selector draws only answered items', () => {
    const [mfi, random] = fluidBenchmarkingMany([[2, null, 3, NaN], [2, null, 3, NaN]], bank, { nMax: 4 }).concat(
      fluidBenchmarkingMany([[2, null, 3, NaN]], bank, { nMax: 4, selector: 'random', seed: 3 }),
    );
    expect(new Set(mfi.items)).toEqual(new Set([0, 2]));
    expect(mfi.stopReason).toBe('exhausted');
    expect(new Set(random.items)).toEqual(new Set([0, 2]));
  });

  it('two-category items give the 2PL run (same items; abilities to 1e-12)', () => {
    const a = [1.2, 0.7, 2.1, 1.5, 0.9];
    const b = [-0.4, 1.1, 0.3, -1.6, 0.8];
    const responses = [1, 0, 1, 1, 0];
    const dichotomous = fluidBenchmarking(responses, new ItemBank({ a, b }), { nMax: 5 });
    const graded = fluidBenchmarking(responses, new PolytomousItemBank({ model: 'gpcm', a, thresholds: b.map((t) => [t]) }), { nMax: 5 });
    expect(graded.items).toEqual(dichotomous.items);
    graded.abilities.forEach((theta, k) => expect(Math.abs(theta - dichotomous.abilities[k])).toBeLessThan(1e-12));
  });

  it('fullAbility on a polytomous bank equals the session over every item', () => {
    const responses = [1, 0, 2, 1];
    const test = new AdaptiveTest(bank);
    [0, 1, 2, 3].forEach((item) => test.record(responses[item], item));
    // the session warm-starts Newton; both stop within the score tolerance of the same root
    expect(Math.abs(fullAbility(responses, bank) - test.theta)).toBeLessThan(1e-6);
  });
});

describe('validation', () => {
  const bank = new PolytomousItemBank({ model: 'grm', a: [1, 1], thresholds: [[-1, 1], [0]] });

  it('a response outside 0…K_j, or not an integer, is an error naming the value', () => {
    expect(() => fluidBenchmarking([3, 0], bank)).toThrow(InvalidArgumentError);
    expect(() => fluidBenchmarking([3, 0], bank)).toThrow('responses[0][0]: item "0" has categories 0…2 (got 3)');
    expect(() => fluidBenchmarking([1, 0.5], bank)).toThrow('responses[0][1]: item "1" has categories 0…1 (got 0.5)');
    expect(() => fluidBenchmarking([-1, 0], bank)).toThrow(/got -1/);
    const test = new AdaptiveTest(bank);
    expect(() => test.record(2, 1)).toThrow('response: item "1" has categories 0…1 (got 2)');
  });

  it('rejects bad banks with typed errors', () => {
    const bad = [
      () => new PolytomousItemBank({ model: 'grm', a: [1], thresholds: [[1, 0]] }),
      () => new PolytomousItemBank({ model: 'grm', thresholds: [[0]] }),
      () => new PolytomousItemBank({ model: 'gpcm', a: [0], thresholds: [[0]] }),
      () => new PolytomousItemBank({ model: 'pcm', thresholds: [[]] }),
      () => new PolytomousItemBank({ model: 'pcm', thresholds: [[Infinity]] }),
      () => new PolytomousItemBank({ model: 'rasch' as PolyModel, thresholds: [[0]] }),
      () => new PolytomousItemBank({ ids: ['x', 'x'], model: 'pcm', thresholds: [[0], [1]] }),
    ];
    for (const make of bad) expect(make).toThrow(FluidError);
    expect(bad[0]).toThrow('GRM thresholds must increase strictly (got [1,0])');
  });
});
