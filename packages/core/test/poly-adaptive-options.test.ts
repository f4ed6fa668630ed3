// The adaptive-testing options on graded banks (GRM, GPCM, PCM): every criterion catR defines for polytomous
// items, randomesque, masks, content balancing, start rules, Sympson–Hetter (calibration included), seeds.
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  AdaptiveTest, InvalidArgumentError, PolytomousItemBank, calibrateSympsonHetter, categoryOf, fluidBenchmarking, fluidBenchmarkingMany,
  initSync, itemLocation, nextItem, resolveContent, selectionValues, simulateAnswer, type PolyModel, type RunOptions,
} from '../src/index';
import { SeededRandom } from '../src/random';
import { expectNoGroupAboveShare } from './content-shares';

initSync(); // the banks and answers below are built while the suites are collected

const POLY_CRITERIA = ['mfi', 'mlwi', 'mpwi', 'mei', 'mepv', 'kl', 'klp'] as const;
const MODELS: PolyModel[] = ['grm', 'gpcm', 'pcm'];

/** A seeded mixed bank: models in turn, 2–5 categories, a in [0.5, 2.5], thresholds in [−2.5, 2.5]. */
function gradedBank(n: number, seed: number): PolytomousItemBank {
  const rng = new SeededRandom(seed);
  const model = Array.from({ length: n }, (_, i) => MODELS[i % 3]);
  const thresholds = model.map((m) => {
    const raw = Array.from({ length: 1 + rng.nextInt(4) }, () => -2.5 + 5 * rng.next());
    return m === 'grm' ? raw.sort((x, y) => x - y).map((b, k) => b + 0.01 * k) : raw;
  });
  return new PolytomousItemBank({ ids: model.map((_, i) => `item_${i}`), model, a: model.map(() => 0.5 + 2 * rng.next()), thresholds });
}

/** Answers of a simulee of ability θ to every item (categories drawn from the model). */
function answers(bank: PolytomousItemBank, theta: number, seed: number): number[] {
  const rng = new SeededRandom(seed);
  return Array.from({ length: bank.size }, (_, i) => simulateAnswer(bank, i, theta, rng.next()));
}

const smallest = (criterion: string) => criterion === 'mepv';
/** Items ranked best first by a criterion's values (NaN left out, ties to the lower row). */
function ranked(values: Float64Array, criterion: string): number[] {
  const sign = smallest(criterion) ? 1 : -1;
  return Array.from(values, (v, i) => [v, i]).filter(([v]) => !Number.isNaN(v)).sort((x, y) => sign * (x[0] - y[0]) || x[1] - y[1]).map(([, i]) => i);
}

describe('criteria on graded banks', () => {
  const bank = gradedBank(40, 3);
  const responses = answers(bank, 0.4, 5);

  it.each(POLY_CRITERIA)('%s: each step of a session gives the best item by selectionValues at that state', (selector) => {
    const run = fluidBenchmarking(responses, bank, { selector, nMax: 8 });
    expect(run.items).toHaveLength(8);
    run.items.forEach((item, k) => {
      const state = { items: run.items.slice(0, k), responses: run.items.slice(0, k).map((i) => responses[i]), theta: k ? run.abilities[k - 1] : 0 };
      expect(ranked(selectionValues(bank, state, { selector }), selector)[0], `step ${k + 1}`).toBe(item);
      expect(nextItem(bank, state, { selector }).index).toBe(item);
    });
  });

  it('bopt and thopt are refused with typed errors in sessions, batches and single steps; categories are checked', () => {
    for (const selector of ['bopt', 'thopt'] as const) {
      expect(() => new AdaptiveTest(bank, { selector })).toThrow(InvalidArgumentError);
      expect(() => fluidBenchmarking(responses, bank, { selector })).toThrow(/dichotomous items only/);
      expect(() => nextItem(bank, { items: [], responses: [], theta: 0 }, { selector })).toThrow(InvalidArgumentError);
    }
    const top = bank.categories[0];
    expect(() => selectionValues(bank, { items: [0], responses: [top], theta: 0 }, { selector: 'kl' })).toThrow(/responses\[0\]/);
  });
});

describe('randomesque, masks and seeds on graded banks', () => {
  const bank = gradedBank(60, 11);
  const responses = answers(bank, -0.3, 2);

  it('randomesque 1 through the step-by-step session equals the paper\'s replay exactly (property)', () => {
    fc.assert(fc.property(fc.integer({ min: 0, max: 10_000 }), fc.double({ min: -2, max: 2, noNaN: true }), (seed, theta) => {
      const column = answers(bank, theta, seed);
      const plain = fluidBenchmarking(column, bank, { nMax: 15 });
      const session = fluidBenchmarking(column, bank, { nMax: 15, randomesque: 1, exclude: [] });
      expect(session.items).toEqual(plain.items);
      expect(session.abilities).toEqual(plain.abilities);
      expect(session.se).toEqual(plain.se);
    }), { numRuns: 20 });
  });

  it.each(['mfi', 'kl', 'mepv'] as const)('%s with randomesque 5 gives one of the 5 best items at every step, reproducibly', (selector) => {
    const run = fluidBenchmarking(responses, bank, { nMax: 15, randomesque: 5, selector, seed: 4 });
    let differs = false;
    run.items.forEach((item, k) => {
      const state = { items: run.items.slice(0, k), responses: run.items.slice(0, k).map((i) => responses[i]), theta: k ? run.abilities[k - 1] : 0 };
      const top = ranked(selectionValues(bank, state, { selector }), selector).slice(0, 5);
      expect(top).toContain(item);
      if (item !== top[0]) differs = true;
    });
    expect(differs).toBe(true);
    expect(fluidBenchmarking(responses, bank, { nMax: 15, randomesque: 5, selector, seed: 4 }).items).toEqual(run.items);
  });

  it('never gives an excluded item (property, every criterion)', () => {
    fc.assert(fc.property(fc.array(fc.nat(), { maxLength: 30 }), fc.constantFrom(...POLY_CRITERIA, 'random' as const), (picks, selector) => {
      const exclude = [...new Set(picks.map((p) => p % bank.size))];
      const run = fluidBenchmarking(responses, bank, { nMax: 10, exclude, selector, randomesque: 2 });
      for (const item of run.items) expect(exclude).not.toContain(item);
      expect(run.items).toHaveLength(10);
    }), { numRuns: 15 });
  });

  it('seeds reproduce runs, and the batch path equals sessions seeded seed + column', () => {
    const columns = [responses, answers(bank, 1.2, 8), answers(bank, -1.5, 9)];
    const options: RunOptions = { nMax: 12, randomesque: 4, selector: 'mpwi', seed: 21, content: { groups: bank.ids.map((_, i) => `g${i % 4}`) } };
    const batch = fluidBenchmarkingMany(columns, bank, options);
    expect(fluidBenchmarkingMany(columns, bank, options)).toEqual(batch);
    columns.forEach((column, c) => {
      const test = new AdaptiveTest(bank, { ...options, seed: 21 + c });
      while (!test.done) test.record(column[test.next().index]);
      expect(test.state.items, `column ${c}`).toEqual(batch[c].items);
      expect(test.state.abilities, `column ${c}`).toEqual(batch[c].abilities);
    });
    expect(fluidBenchmarking(responses, bank, { ...options, seed: 22 }).items).not.toEqual(batch[0].items);
  });

  it('a session survives toJSON/fromJSON mid-test with randomesque and content', () => {
    const options: RunOptions = { nMax: 10, randomesque: 3, selector: 'klp', seed: 6, content: { groups: bank.ids.map((_, i) => `g${i % 3}`) } };
    const test = new AdaptiveTest(bank, options);
    for (let k = 0; k < 4; k++) test.record(responses[test.next().index]);
    const copy = AdaptiveTest.fromJSON(JSON.parse(JSON.stringify(test)), bank);
    while (!test.done) {
      const { index } = test.next();
      expect(copy.next().index).toBe(index);
      test.record(responses[index]);
      copy.record(responses[index]);
    }
    expect(copy.state).toEqual(test.state);
  });
});

describe('content balancing, start rules and exposure control on graded banks', () => {
  it('never puts a group a full item above its target share (property, as for 1–4PL banks)', () => {
    fc.assert(fc.property(
      fc.integer({ min: 0, max: 1000 }), fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 4 }), fc.constantFrom('mfi', 'kl', 'mepv'),
      (seed, shares, selector) => {
        const bank = gradedBank(24, seed);
        const responses = answers(bank, 0, seed);
        const groups = bank.ids.map((_, i) => `g${i % shares.length}`);
        const targets = Object.fromEntries(shares.map((share, g) => [`g${g}`, share]));
        const run = fluidBenchmarking(responses, bank, { content: { groups, targets }, nMax: bank.size, seed, selector: selector as RunOptions['selector'] });
        expectNoGroupAboveShare(run.items, resolveContent(bank, { groups, targets }));
        expect(run.items).toHaveLength(bank.size);
      },
    ), { numRuns: 15 });
  });

  it('a random start draws only items whose mean threshold is within the window, then the criterion takes over', () => {
    const bank = gradedBank(60, 17);
    const responses = answers(bank, 0.5, 1);
    const starts = new Set<number>();
    for (let seed = 0; seed < 20; seed++) {
      const run = fluidBenchmarking(responses, bank, { nMax: 5, start: 0.5, seed, startRule: { random: 2, window: 0.4 } });
      for (const item of run.items.slice(0, 2)) {
        const t = bank.thresholds[item];
        expect(Math.abs(t.reduce((s, x) => s + x, 0) / t.length - 0.5)).toBeLessThan(0.4);
        starts.add(item);
      }
      const state = { items: run.items.slice(0, 2), responses: run.items.slice(0, 2).map((i) => responses[i]), theta: run.abilities[1] };
      expect(run.items[2]).toBe(nextItem(bank, state).index);
    }
    expect(starts.size).toBeGreaterThan(2);
    const fixed = fluidBenchmarking(responses, bank, { nMax: 3, startRule: { items: ['item_7', 3] } });
    expect(fixed.items.slice(0, 2)).toEqual([7, 3]);
  });

  it('itemLocation is the mean threshold of a graded item', () => {
    const bank = new PolytomousItemBank({ model: ['grm', 'pcm'], a: [1.3, 1], thresholds: [[-1, 0, 2], [0.5, -1.5]] });
    expect(itemLocation(bank, 0)).toBeCloseTo(1 / 3, 15);
    expect(itemLocation(bank, 1)).toBe(-0.5);
  });

  it('Sympson–Hetter: calibration by simulation brings the largest exposure down toward rmax; the parameters gate the run', () => {
    const bank = gradedBank(50, 23);
    const { parameters, maxExposure } = calibrateSympsonHetter(bank, { nMax: 5 }, { rmax: 0.3, examinees: 150, rounds: 6, seed: 2 });
    expect(maxExposure[0]).toBeGreaterThan(0.6); // MFI alone gives the same few items to everyone near θ = 0
    expect(Math.min(...maxExposure)).toBeLessThan(maxExposure[0] - 0.2);
    expect(Array.from(parameters).every((k) => k >= 0 && k <= 1)).toBe(true);
    expect(Array.from(parameters).some((k) => k < 1)).toBe(true);
    const blocked = Float64Array.from(parameters, () => 1);
    const plain = fluidBenchmarking(answers(bank, 0, 3), bank, { nMax: 5 });
    blocked[plain.items[0]] = 0; // an item with K = 0 is always set aside
    const run = fluidBenchmarking(answers(bank, 0, 3), bank, { nMax: 5, exposure: { method: 'sympson-hetter', parameters: blocked } });
    expect(run.items).not.toContain(plain.items[0]);
  });

  it('simulated answers follow the category probabilities (categoryOf on cumulative sums)', () => {
    expect(categoryOf([0.2, 0.5, 0.3], 0)).toBe(0);
    expect(categoryOf([0.2, 0.5, 0.3], 0.2)).toBe(1);
    expect(categoryOf([0.2, 0.5, 0.3], 0.999)).toBe(2);
    const bank = new PolytomousItemBank({ model: 'pcm', thresholds: [[0, 0]] }); // at θ = 0 the three categories are equally likely
    const rng = new SeededRandom(1);
    const counts = [0, 0, 0];
    for (let k = 0; k < 3000; k++) counts[simulateAnswer(bank, 0, 0, rng.next())]++;
    for (const count of counts) expect(Math.abs(count / 3000 - 1 / 3)).toBeLessThan(0.04);
  });
});
