// The property-based fuzz campaign (issue 10): random banks over the whole documented parameter domain
// (1–4PL, negative and steep slopes, difficulties far outside the range), response patterns (constant,
// Guttman, random, with missing values), every estimator and selector, every option within its documented
// range. FLUIDBENCH_FUZZ_RUNS sets the cases per property (default 1000, the CI budget); `pnpm fuzz` runs 10⁵
// and writes bench/fuzz-report.{json,md}. FLUIDBENCH_FUZZ_SEED replays a reported failure.
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveTest, ESTIMATORS, InvalidArgumentError, ItemBank, SELECTORS, abilityMany, fluidBenchmarking, initSync,
  type AdaptiveTestJSON, type Estimator, type RunOptions,
} from '../src/index';
import { referenceWle } from './reference-estimates';

const RUNS = Number(process.env.FLUIDBENCH_FUZZ_RUNS ?? 1000);
const SEED = process.env.FLUIDBENCH_FUZZ_SEED === undefined ? undefined : Number(process.env.FLUIDBENCH_FUZZ_SEED);
/** Each property's case budget is RUNS scaled by its cost, so the CI run stays well under a minute. */
const casesFor = (fraction: number) => Math.max(1, Math.round(RUNS * fraction));
const settings = (fraction = 1): fc.Parameters<unknown> => ({ numRuns: casesFor(fraction), seed: SEED, endOnFailure: true });
/** A property's title carries its case count, which the fuzz report reads. */
const titled = (title: string, fraction = 1) => `${title} [${casesFor(fraction)} cases]`;
const TIMEOUT = Math.max(600_000, RUNS * 30);

beforeAll(() => initSync());

// ---- the domain ----------------------------------------------------------------------------------------
type Item = { a: number; b: number; c: number; d: number };
const slope = fc.oneof(
  fc.double({ min: 0.2, max: 3, noNaN: true }),
  fc.double({ min: 3, max: 50, noNaN: true }), // steep
  fc.double({ min: 0.01, max: 0.2, noNaN: true }), // nearly flat
).chain((a) => fc.constantFrom(a, a, a, -a)); // some negative slopes
const difficulty = fc.oneof(
  { weight: 4, arbitrary: fc.double({ min: -4, max: 4, noNaN: true }) },
  { weight: 1, arbitrary: fc.double({ min: -1000, max: 1000, noNaN: true }) }, // extreme
);
const item: fc.Arbitrary<Item> = fc.oneof(
  fc.record({ a: fc.constant(1), b: difficulty, c: fc.constant(0), d: fc.constant(1) }), // 1PL
  fc.record({ a: slope, b: difficulty, c: fc.constant(0), d: fc.constant(1) }), // 2PL
  fc.record({ a: slope, b: difficulty, c: fc.double({ min: 0, max: 0.4, noNaN: true }), d: fc.constant(1) }), // 3PL
  fc.record({ a: slope, b: difficulty, c: fc.double({ min: 0, max: 0.3, noNaN: true }), d: fc.double({ min: 0.6, max: 1, noNaN: true }) }), // 4PL
);
const bankItems = (max = 30) => fc.array(item, { minLength: 1, maxLength: max });

type Kind = 'constant-right' | 'constant-wrong' | 'guttman' | 'random' | 'missing';
/** A response pattern for a bank: null marks a missing response (only in kind 'missing'). */
function patternFor(items: Item[]): fc.Arbitrary<{ kind: Kind; responses: (number | null)[] }> {
  const n = items.length;
  return fc.oneof(
    fc.constant({ kind: 'constant-right' as Kind, responses: items.map(() => 1) }),
    fc.constant({ kind: 'constant-wrong' as Kind, responses: items.map(() => 0) }),
    fc.double({ min: -5, max: 5, noNaN: true }).map((cut) => ({ kind: 'guttman' as Kind, responses: items.map((it) => (it.b < cut ? 1 : 0)) })),
    fc.array(fc.constantFrom(0, 1), { minLength: n, maxLength: n }).map((responses) => ({ kind: 'random' as Kind, responses })),
    fc.array(fc.constantFrom<number | null>(0, 1, null), { minLength: n, maxLength: n }).map((responses) => ({ kind: 'missing' as Kind, responses })),
  );
}

/** Every run option within its documented range. */
const runOptions: fc.Arbitrary<RunOptions> = fc.record(
  {
    estimator: fc.constantFrom(...ESTIMATORS),
    selector: fc.constantFrom(...SELECTORS),
    seed: fc.integer({ min: 0, max: 4_294_967_295 }),
    nMax: fc.integer({ min: 1, max: 20 }),
    minSe: fc.oneof(fc.constant(0), fc.double({ min: 0, max: 1, noNaN: true })),
    start: fc.double({ min: -1, max: 1, noNaN: true }), // inside every generated range (lo ≤ −1, hi ≥ 1)
    D: fc.oneof(fc.constant(1), fc.constant(1.702), fc.double({ min: 0.3, max: 3, noNaN: true })),
    priorMean: fc.double({ min: -2, max: 2, noNaN: true }),
    priorSd: fc.double({ min: 0.2, max: 5, noNaN: true }),
    range: fc.tuple(fc.double({ min: -8, max: -1, noNaN: true }), fc.double({ min: 1, max: 8, noNaN: true })),
    tolerance: fc.double({ min: 1e-10, max: 1e-3, noNaN: true }),
    maxNewtonSteps: fc.integer({ min: 0, max: 100 }),
    maxHalvings: fc.integer({ min: 0, max: 20 }),
    bisectionSteps: fc.integer({ min: 1, max: 100 }),
    eapNodes: fc.integer({ min: 2, max: 101 }),
    eapPrior: fc.constantFrom<'normal' | 'uniform'>('normal', 'uniform'),
    binarize: fc.boolean(),
  },
  { requiredKeys: [] },
);

const scenario = bankItems().chain((items) => fc.record({ items: fc.constant(items), pattern: patternFor(items), options: runOptions }));

/** Infinite SEs are documented for MLE and WLE only (no information at the estimate); MAP's prior and EAP's posterior keep theirs finite. */
function checkStep(estimator: Estimator, theta: number, se: number, range: readonly [number, number]): void {
  expect(Number.isFinite(theta)).toBe(true);
  expect(theta).toBeGreaterThanOrEqual(range[0]);
  expect(theta).toBeLessThanOrEqual(range[1]);
  expect(se >= 0).toBe(true); // false for NaN
  if (estimator === 'map' || estimator === 'eap') expect(Number.isFinite(se)).toBe(true);
}

const rangeOf = (options: RunOptions): readonly [number, number] => options.range ?? [-4, 4];

// ---- properties ----------------------------------------------------------------------------------------
describe('fuzz: the batch path', () => {
  it(titled('any bank, pattern and options: no NaN, estimates inside the range, SE ≥ 0, distinct answered items, a consistent stop'), () => {
    fc.assert(
      fc.property(scenario, ({ items, pattern, options }) => {
        const bank = ItemBank.fromRows(items);
        const run = fluidBenchmarking(pattern.responses, bank, options);
        const answered = pattern.responses.filter((x) => x !== null).length;
        const nMax = options.nMax ?? 500;
        expect(run.items.length).toBeLessThanOrEqual(Math.min(nMax, answered));
        expect(new Set(run.items).size).toBe(run.items.length);
        for (const i of run.items) expect(pattern.responses[i]).not.toBeNull();
        run.abilities.forEach((theta, k) => checkStep(options.estimator ?? 'map', theta, run.se[k], rangeOf(options)));
        if (run.stopReason === 'max_items') expect(run.items.length).toBe(nMax);
        if (run.stopReason === 'exhausted') expect(run.items.length).toBe(answered);
        if (run.stopReason === 'min_se') expect(run.se[run.se.length - 1]).toBeLessThan(options.minSe!);
        expect(run.stopDetail).not.toMatch(/NaN|undefined/);
      }),
      settings(),
    );
  }, TIMEOUT);

  it(titled('abilityMany: each column equals the engine estimate on the answered items; finite, inside the range', 0.5), () => {
    const columns = bankItems().chain((items) => fc.record({
      items: fc.constant(items),
      patterns: fc.array(patternFor(items), { minLength: 1, maxLength: 4 }),
      options: runOptions,
    }));
    fc.assert(
      fc.property(columns, ({ items, patterns, options }) => {
        const bank = ItemBank.fromRows(items);
        const { nMax: _n, minSe: _m, selector: _s, seed: _e, ...abilityOptions } = options;
        const estimator = options.estimator ?? 'map';
        const out = abilityMany(patterns.map((p) => p.responses), bank, null, abilityOptions);
        patterns.forEach((p, c) => {
          const answered = p.responses.flatMap((x, i) => (x === null ? [] : [i]));
          checkStep(estimator, out.theta[c], out.se[c], rangeOf(options));
          // no answered item: MLE and WLE stay at the start with an infinite SE (documented)
          if (answered.length === 0 && (estimator === 'mle' || estimator === 'wle')) expect([out.theta[c], out.se[c]]).toEqual([options.start ?? 0, Infinity]);
          const binarize = options.binarize ?? true;
          const x = answered.map((i) => (binarize ? (p.responses[i]! >= 0.5 ? 1 : 0) : p.responses[i]!));
          const single = bank.engine().estimate(answered, x, options.start ?? 0, estimator);
          expect(Object.is(single.theta, out.theta[c])).toBe(true);
          expect(Object.is(single.se, out.se[c])).toBe(true);
        });
      }),
      settings(0.5),
    );
  }, TIMEOUT);

  it(titled('WLE equals catR’s WL equation solved independently, on steep and extreme banks', 0.3), () => {
    const wleCase = bankItems(12).chain((items) => fc.record({ items: fc.constant(items), pattern: patternFor(items) }));
    fc.assert(
      fc.property(wleCase, ({ items, pattern }) => {
        const rows = pattern.responses.flatMap((x, i) => (x === null ? [] : [i]));
        if (rows.length === 0) return;
        const bank = ItemBank.fromRows(items);
        const x = rows.map((i) => pattern.responses[i]!);
        const { theta } = bank.engine().estimate(rows, x, 0, 'wle');
        expect(Math.abs(theta - referenceWle(rows.map((i) => items[i]), x))).toBeLessThan(1e-9);
      }),
      settings(0.3),
    );
  }, TIMEOUT);
});

describe('fuzz: the session', () => {
  const complete = bankItems(25).chain((items) => fc.record({
    items: fc.constant(items),
    responses: fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { minLength: items.length, maxLength: items.length }),
    options: runOptions,
    cut: fc.nat(),
  }));

  it(titled('AdaptiveTest equals fluidBenchmarking for every selector and estimator: items, abilities, SEs, stop', 0.5), () => {
    fc.assert(
      fc.property(complete, ({ items, responses, options }) => {
        const bank = ItemBank.fromRows(items);
        const batch = fluidBenchmarking(responses, bank, options);
        const test = new AdaptiveTest(bank, options);
        while (!test.done) test.record(responses[test.next().index]);
        expect(test.state.items).toEqual(batch.items);
        expect(test.state.abilities).toEqual(batch.abilities);
        expect(test.state.se).toEqual(batch.se);
        expect(test.stopReason).toBe(batch.stopReason);
      }),
      settings(0.5),
    );
  }, TIMEOUT);

  it(titled('a snapshot through JSON at any step resumes exactly', 0.5), () => {
    fc.assert(
      fc.property(complete, ({ items, responses, options, cut }) => {
        const bank = ItemBank.fromRows(items);
        const whole = new AdaptiveTest(bank, options);
        while (!whole.done) whole.record(responses[whole.next().index]);
        const part = new AdaptiveTest(bank, options);
        const stopAt = cut % (whole.state.items.length + 1);
        for (let k = 0; k < stopAt && !part.done; k++) part.record(responses[part.next().index]);
        if (!part.done && cut % 2 === 0) part.next(); // with a pending item, sometimes
        const text = JSON.stringify(part);
        const resumed = AdaptiveTest.fromJSON(JSON.parse(text) as AdaptiveTestJSON, bank);
        expect(JSON.stringify(resumed)).toBe(text);
        while (!resumed.done) resumed.record(responses[resumed.next().index]);
        expect(resumed.state).toEqual(whole.state);
      }),
      settings(0.5),
    );
  }, TIMEOUT);
});

describe('fuzz: bad input is refused with a typed error, never a crash or a NaN', () => {
  const junk = fc.constantFrom<unknown>(NaN, Infinity, -Infinity, -1, 0, 1.5, 1e30, -1e30, '1', '', null, {}, [], [1], [2, 1], true, 'normal', 'map', 'random');
  const fields = [
    'D', 'priorMean', 'priorSd', 'range', 'tolerance', 'maxNewtonSteps', 'maxHalvings', 'bisectionSteps', 'eapNodes',
    'eapPrior', 'start', 'nMax', 'minSe', 'estimator', 'selector', 'seed', 'binarize',
  ];

  it(titled('one junk option: InvalidArgumentError naming it, or a valid run'), () => {
    fc.assert(
      fc.property(bankItems(10), fc.constantFrom(...fields), junk, (items, field, value) => {
        const bank = ItemBank.fromRows(items);
        const options = { nMax: 5, [field]: value } as RunOptions;
        let run;
        try {
          run = fluidBenchmarking(items.map(() => 1), bank, options);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          expect((error as InvalidArgumentError).argument).toBe(field);
          return;
        }
        run.abilities.forEach((theta, k) => checkStep(options.estimator ?? 'map', theta, run.se[k], rangeOf(options)));
      }),
      settings(),
    );
  }, TIMEOUT);

  it(titled('a damaged snapshot: InvalidArgumentError, or a session that runs on to a valid end', 0.5), () => {
    const damage = fc.record({
      field: fc.constantFrom('items', 'responses', 'abilities', 'se', 'pending', 'rngState', 'randomDraws', 'bankSize', 'options'),
      index: fc.nat(30),
      value: junk,
    });
    fc.assert(
      fc.property(bankItems(15), runOptions, damage, fc.nat(10), (items, options, { field, index, value }, steps) => {
        const bank = ItemBank.fromRows(items);
        const test = new AdaptiveTest(bank, options);
        for (let k = 0; k < steps && !test.done; k++) test.record(k % 2, test.next().index);
        const json = JSON.parse(JSON.stringify(test)) as Record<string, unknown>;
        const target = json[field];
        if (Array.isArray(target)) target[index % (target.length + 1)] = value;
        else json[field] = value;
        let resumed: AdaptiveTest;
        try {
          resumed = AdaptiveTest.fromJSON(json as unknown as AdaptiveTestJSON, bank);
        } catch (error) {
          expect(error).toBeInstanceOf(InvalidArgumentError);
          return;
        }
        while (!resumed.done) resumed.record(1, resumed.next().index);
        resumed.state.abilities.forEach((theta, k) => expect(Number.isFinite(theta) && resumed.state.se[k] >= 0).toBe(true));
      }),
      settings(0.5),
    );
  }, TIMEOUT);
});
