// The synthetic-bank parity checks and AdaptiveTest sessions, in headless Chromium: the WASM engine must give
// the reference's item sequences exactly and its abilities within 1e-9 there too.
import { beforeAll, describe, expect, it } from 'vitest';
import { AdaptiveTest, ItemBank, abilityMany, fluidBenchmarking, fluidBenchmarkingMany, init } from '../../src/index';
import { arc, expectedArc, expectedArcFullBank, maxAbsDiff } from './synthetic';

/** Same algorithm as the reference, so only rounding differs (fixtures/synthetic/README.md). */
const ABILITY_TOLERANCE = 1e-9;

let bank: ItemBank;
beforeAll(async () => {
  await init();
  bank = new ItemBank({ ids: arc.ids, a: arc.a, b: arc.b });
});

function columnOf(checkpoint: string): number[] {
  return arc.columns[arc.checkpoints.indexOf(checkpoint)];
}

describe('in Chromium', () => {
  it('is a real browser page, not Node', () => {
    expect(navigator.userAgent).toMatch(/HeadlessChrome/);
    expect(document.createElement('canvas').getContext).toBeTypeOf('function');
  });

  it('fluidBenchmarkingMany gives the reference runs for every checkpoint (MAP, start 0, 500 items)', () => {
    expect(expectedArc.start0).toHaveLength(10);
    const runs = fluidBenchmarkingMany(expectedArc.start0.map((run) => columnOf(run.checkpoint)), bank, { nMax: 500, start: 0 });
    expectedArc.start0.forEach((expected, k) => {
      expect(runs[k].items).toEqual(expected.items);
      expect(maxAbsDiff(runs[k].abilities, expected.abilities)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
      expect(maxAbsDiff(runs[k].se, expected.se)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    });
  });

  it('fluidBenchmarking from start −1 gives the reference runs', () => {
    expect(expectedArc.startMinus1).toHaveLength(10);
    for (const expected of expectedArc.startMinus1) {
      const run = fluidBenchmarking(columnOf(expected.checkpoint), bank, { nMax: expected.n_max, start: expected.start });
      expect(run.items).toEqual(expected.items);
      expect(maxAbsDiff(run.abilities, expected.abilities)).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    }
  });

  it('abilityMany gives the reference full-bank MAP abilities', () => {
    const { theta, se } = abilityMany(expectedArcFullBank.map((row) => columnOf(row.checkpoint)), bank, null);
    expect(maxAbsDiff(theta, expectedArcFullBank.map((row) => row.theta_map))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    expect(maxAbsDiff(se, expectedArcFullBank.map((row) => row.se_map))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
  });

  it('an AdaptiveTest answered item by item follows the reference trajectory', () => {
    const expected = expectedArc.start0.find((run) => run.checkpoint === 'ckpt_20')!;
    const answers = columnOf('ckpt_20');
    const test = new AdaptiveTest(bank, { nMax: 100 });
    while (!test.done) test.record(answers[test.next().index]);
    expect(test.state.items).toEqual(expected.items.slice(0, 100));
    expect(maxAbsDiff(test.state.abilities, expected.abilities.slice(0, 100))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
    expect(test.stopReason).toBe('max_items');
  });

  it('an AdaptiveTest kept in sessionStorage across a "reload" continues on the reference trajectory', () => {
    const expected = expectedArc.start0.find((run) => run.checkpoint === 'ckpt_35')!;
    const answers = columnOf('ckpt_35');
    const first = new AdaptiveTest(bank, { nMax: 60 });
    for (let k = 0; k < 25; k++) first.record(answers[first.next().index]);
    sessionStorage.setItem('fluidbench-session', JSON.stringify(first));
    const resumed = AdaptiveTest.fromJSON(JSON.parse(sessionStorage.getItem('fluidbench-session')!), bank);
    sessionStorage.removeItem('fluidbench-session');
    while (!resumed.done) resumed.record(answers[resumed.next().index]);
    expect(resumed.state.items).toEqual(expected.items.slice(0, 60));
    expect(maxAbsDiff(resumed.state.abilities, expected.abilities.slice(0, 60))).toBeLessThanOrEqual(ABILITY_TOLERANCE);
  });
});
