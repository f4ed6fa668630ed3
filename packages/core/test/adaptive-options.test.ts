// Adaptive-testing options beyond the paper's rule: content balancing against catR, randomesque, masks, stop
// rules, start rules, Sympson–Hetter, seeds; property tests with fast-check.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import fc from 'fast-check';
import { beforeAll, describe, expect, it } from 'vitest';
import {
  AdaptiveTest, FluidError, InvalidArgumentError, ItemBank, fluidBenchmarking, fluidBenchmarkingMany, initSync,
  nextItem, parseStopExpression, resolveContent, selectionValues, type RunOptions, type StopCondition,
} from '../src/index';
import { chooseGroup } from '../src/content';
import { SeededRandom } from '../src/random';
import { expectNoGroupAboveShare } from './content-shares';
import { fixturesDir, readJsonl } from './fixtures';

beforeAll(() => initSync());

const item2PL = fc.record({ a: fc.double({ min: 0.3, max: 3, noNaN: true }), b: fc.double({ min: -3, max: 3, noNaN: true }) });
const bankWithResponses = fc.array(item2PL, { minLength: 8, maxLength: 50 })
  .chain((items) => fc.tuple(fc.constant(items), fc.array(fc.constantFrom(0, 1), { minLength: items.length, maxLength: items.length })));

describe('content balancing against catR 3.17 (cbControl)', () => {
  type State = { bank: string; state: number; items: number[]; responses: number[]; theta: number; cb: { props: number[]; pick: number; every_group_used: boolean } };
  const dir = join(fixturesDir, 'catr-rules');
  const rows = readFileSync(join(dir, 'banks.csv'), 'utf8').trim().split('\n').slice(1).map((line) => line.split(','));
  const states = readJsonl<State>(join(dir, 'states.jsonl'));

  it('picks catR\'s item where every group has one (deterministic), and the best of an empty group otherwise', () => {
    let exact = 0;
    for (const s of states) {
      const r = rows.filter((row) => row[0] === s.bank);
      const bank = new ItemBank({ a: r.map((x) => +x[2]), b: r.map((x) => +x[3]), c: r.map((x) => +x[4]), d: r.map((x) => +x[5]) });
      const groups = r.map((x) => x[6]);
      const plan = resolveContent(bank, { groups, targets: { g1: 0.4, g2: 0.3, g3: 0.2, g4: 0.1 } });
      const counts = new Int32Array(plan.names.length);
      for (const item of s.items) counts[plan.groupOf[item]]++;
      const open = plan.names.map(() => true);
      const state = { items: s.items, responses: s.responses, theta: s.theta };
      const bestIn = (name: string) => nextItem(bank, state, { exclude: groups.flatMap((g, i) => (g !== name && !s.items.includes(i) ? [i] : [])) }).index;
      if (s.cb.every_group_used) {
        const g = chooseGroup(plan.targets, counts, open, new SeededRandom(1));
        expect(bestIn(plan.names[g]), `${s.bank} state ${s.state}`).toBe(s.cb.pick);
        exact++;
      } else {
        const group = groups[s.cb.pick];
        expect(counts[plan.names.indexOf(group)]).toBe(0);
        expect(bestIn(group)).toBe(s.cb.pick);
      }
    }
    expect(exact).toBeGreaterThanOrEqual(8);
  });

  it('parses MMLU subjects from ids and defaults targets to the bank\'s proportions', () => {
    const bank = new ItemBank({ ids: ['mmlu_law_0', 'mmlu_law_1', 'mmlu_high_school_art_0'], a: [1, 1, 1], b: [0, 0, 0] });
    const plan = resolveContent(bank, { groups: 'mmlu' });
    expect(plan.names).toEqual(['law', 'high_school_art']);
    expect(Array.from(plan.targets)).toEqual([2 / 3, 1 / 3]);
  });

  it('rejects unknown groups, bad targets and non-MMLU ids with typed errors', () => {
    const bank = new ItemBank({ ids: ['x', 'y'], a: [1, 1], b: [0, 1] });
    expect(() => resolveContent(bank, { groups: ['g1', 'g2'], targets: { g9: 1 } })).toThrow(/unknown group/);
    expect(() => resolveContent(bank, { groups: ['g1', 'g2'], targets: { g1: 0, g2: 0 } })).toThrow(/sum to a positive/);
    expect(() => resolveContent(bank, { groups: ['g1', 'g2'], targets: { g1: -1 } })).toThrow(InvalidArgumentError);
    expect(() => resolveContent(bank, { groups: 'mmlu' })).toThrow(/not an MMLU id/);
    expect(() => fluidBenchmarking([1, 0], bank, { content: { groups: ['g1'] } })).toThrow(FluidError);
  });

  // Kingsbury–Zara keeps no group a full item above its share (see content-shares.ts for why not within one item)
  it('never puts a group a full item above its target share, and exhausts groups cleanly (property)', () => {
    fc.assert(fc.property(
      bankWithResponses, fc.array(fc.double({ min: 0.05, max: 1, noNaN: true }), { minLength: 2, maxLength: 5 }), fc.integer({ min: 0, max: 1000 }),
      ([items, responses], shares, seed) => {
        const bank = ItemBank.fromRows(items);
        const groups = items.map((_, i) => `g${i % shares.length}`);
        const targets = Object.fromEntries(shares.map((share, g) => [`g${g}`, share]));
        const run = fluidBenchmarking(responses, bank, { content: { groups, targets }, nMax: items.length, seed });
        expectNoGroupAboveShare(run.items, resolveContent(bank, { groups, targets }));
        expect(run.items.length).toBe(items.length);
        expect(run.stopReason).toBe('max_items');
      },
    ), { numRuns: 40 });
  });
});

describe('selectionValues engine options', () => {
  it('the prior is the one given (defaults otherwise, whatever a run set before); MLWI ignores it', () => {
    const bank = ItemBank.fromRows(Array.from({ length: 30 }, (_, i) => ({ a: 0.5 + (i % 5) * 0.4, b: -2 + i / 7 })));
    const state = { items: [3, 11], responses: [1, 0], theta: 0.2 };
    const before = selectionValues(bank, state, { selector: 'mpwi' });
    fluidBenchmarking(Array.from({ length: 30 }, () => 1), bank, { nMax: 3, priorSd: 0.3 });
    expect(Array.from(selectionValues(bank, state, { selector: 'mpwi' }))).toEqual(Array.from(before));
    const wide = selectionValues(bank, state, { selector: 'mpwi', priorSd: 2 });
    expect(wide[0]).not.toBe(before[0]);
    expect(Array.from(selectionValues(bank, state, { selector: 'mlwi', priorSd: 2 }))).toEqual(Array.from(selectionValues(bank, state, { selector: 'mlwi' })));
    expect(() => selectionValues(bank, state, { selector: 'mpwi', priorSd: 0 })).toThrow(/priorSd/);
  });
});

describe('randomesque and masks', () => {
  it('randomesque 1 through the step-by-step session equals the paper\'s replay exactly (property)', () => {
    fc.assert(fc.property(bankWithResponses, ([items, responses]) => {
      const bank = ItemBank.fromRows(items);
      const plain = fluidBenchmarking(responses, bank, { nMax: 20 });
      const session = fluidBenchmarking(responses, bank, { nMax: 20, randomesque: 1, exclude: [] });
      expect(session.items).toEqual(plain.items);
      expect(session.abilities).toEqual(plain.abilities);
      expect(session.se).toEqual(plain.se);
    }), { numRuns: 40 });
  });

  it('randomesque k gives, at every step, one of the k best items by the criterion', () => {
    const bank = ItemBank.fromRows(Array.from({ length: 80 }, (_, i) => ({ a: 0.5 + (i % 7) * 0.3, b: -3 + (i * 6) / 79 })));
    const responses = Array.from({ length: 80 }, (_, i) => (i % 3 === 0 ? 0 : 1));
    for (const selector of ['mfi', 'kl', 'bopt'] as const) {
      const run = fluidBenchmarking(responses, bank, { nMax: 25, randomesque: 5, selector, seed: 11 });
      let differs = false;
      run.items.forEach((item, k) => {
        const state = { items: run.items.slice(0, k), responses: run.items.slice(0, k).map((i) => responses[i]), theta: k ? run.abilities[k - 1] : 0 };
        const values = Array.from(selectionValues(bank, state, { selector }));
        const sign = selector === 'bopt' ? 1 : -1;
        const ranked = values.map((v, i) => [v, i]).filter(([v]) => !Number.isNaN(v)).sort((x, y) => sign * (x[0] - y[0]) || x[1] - y[1]);
        const top = ranked.slice(0, 5).map(([, i]) => i);
        expect(top).toContain(item);
        if (item !== top[0]) differs = true;
      });
      expect(differs).toBe(true);
      expect(fluidBenchmarking(responses, bank, { nMax: 25, randomesque: 5, selector, seed: 11 }).items).toEqual(run.items);
    }
  });

  it('never gives an excluded item, and only included ones (property)', () => {
    fc.assert(fc.property(bankWithResponses, fc.array(fc.nat(), { maxLength: 20 }), fc.constantFrom('mfi', 'mpwi', 'random'), ([items, responses], picks, selector) => {
      const bank = ItemBank.fromRows(items);
      const exclude = [...new Set(picks.map((p) => p % items.length))];
      const run = fluidBenchmarking(responses, bank, { nMax: items.length, exclude, selector: selector as RunOptions['selector'] });
      for (const item of run.items) expect(exclude).not.toContain(item);
      expect(run.items.length).toBe(items.length - exclude.length);
      expect(run.stopReason).toBe(exclude.length ? 'exhausted' : 'max_items');
      const include = exclude.length ? exclude : [0];
      const only = fluidBenchmarking(responses, bank, { nMax: items.length, include });
      expect([...only.items].sort((x, y) => x - y)).toEqual([...include].sort((x, y) => x - y));
    }), { numRuns: 40 });
  });

  it('an excluded item cannot be recorded in a session', () => {
    const bank = new ItemBank({ ids: ['q1', 'q2', 'q3'], a: [1, 1.5, 2], b: [0, 0, 0] });
    const test = new AdaptiveTest(bank, { exclude: ['q3'] });
    expect(test.next().id).toBe('q2');
    expect(() => test.record(1, 'q3')).toThrow(/excluded/);
  });
});

describe('stop rules', () => {
  const bank = ItemBank.fromRows(Array.from({ length: 150 }, (_, i) => ({ a: 0.6 + ((i * 37) % 23) / 10, b: -3 + ((i * 53) % 150) / 25 })));
  const responses = Array.from({ length: 150 }, (_, i) => (((i * 7919) % 11) < 6 ? 1 : 0));
  const information = (i: number, theta: number) => {
    const p = 1 / (1 + Math.exp(-bank.a[i] * (theta - bank.b[i])));
    return bank.a[i] * bank.a[i] * p * (1 - p);
  };
  // each condition evaluated independently on the trajectory after k items
  const holds = (rule: StopCondition, run: { items: number[]; abilities: number[]; se: number[] }, k: number): boolean => {
    const theta = run.abilities[k - 1];
    const se = run.se[k - 1];
    switch (rule.rule) {
      case 'max_items': return k >= rule.items;
      case 'min_se': return se < rule.se;
      case 'classification': return Math.abs(theta - rule.cut) > (rule.z ?? 1.96) * se;
      case 'ability_change': return k >= 2 && Math.abs(theta - run.abilities[k - 2]) < rule.delta;
      case 'se_plateau': return k > rule.patience && run.se[k - 1 - rule.patience] - se < rule.gain;
      case 'min_information': {
        const used = new Set(run.items.slice(0, k));
        let best = 0;
        for (let i = 0; i < bank.size; i++) if (!used.has(i)) best = Math.max(best, information(i, theta));
        return best < rule.information;
      }
    }
  };
  const cases: [StopCondition, string][] = [
    [{ rule: 'max_items', items: 17 }, 'max_items'],
    [{ rule: 'min_se', se: 0.35 }, 'min_se'],
    [{ rule: 'classification', cut: -1, z: 1.5 }, 'classification'],
    [{ rule: 'min_information', information: 1.2 }, 'min_information'],
    [{ rule: 'ability_change', delta: 0.02 }, 'ability_change'],
    [{ rule: 'se_plateau', gain: 0.01, patience: 4 }, 'se_plateau'],
  ];
  for (const [rule, reason] of cases) {
    it(`${rule.rule} fires exactly when its condition first holds (minItems 3 and without)`, () => {
      for (const minItems of [0, 3]) {
        const run = fluidBenchmarking(responses, bank, { nMax: 150, stop: rule, minItems });
        const k = run.items.length;
        expect(run.stopReason).toBe(reason);
        expect(holds(rule, run, k)).toBe(true);
        for (let j = Math.max(1, minItems); j < k; j++) expect(holds(rule, run, j), `after ${j} items`).toBe(false);
        expect(k).toBeGreaterThanOrEqual(Math.max(1, minItems));
      }
    });
  }

  it('any reports the first child that holds; all waits for every child', () => {
    const se = fluidBenchmarking(responses, bank, { nMax: 150, stop: 'se<0.4' });
    const either = fluidBenchmarking(responses, bank, { nMax: 150, stop: `se<0.4|items>=${se.items.length - 2}` });
    expect(either.items.length).toBe(se.items.length - 2);
    expect(either.stopReason).toBe('max_items');
    const both = fluidBenchmarking(responses, bank, { nMax: 150, stop: `se<0.4&items>=${se.items.length + 5}` });
    expect(both.items.length).toBe(se.items.length + 5);
    expect(both.stopReason).toBe('min_se');
  });

  it('min_items is a floor under every rule, and nMax still caps', () => {
    const run = fluidBenchmarking(responses, bank, { nMax: 30, stop: 'se<5; min_items=12' });
    expect(run.items.length).toBe(12);
    expect(run.stopReason).toBe('min_se');
    expect(fluidBenchmarking(responses, bank, { nMax: 30, stop: 'se<0.01' }).stopReason).toBe('max_items');
    expect(() => fluidBenchmarking(responses, bank, { nMax: 10, minItems: 11 })).toThrow(/must not exceed nMax/);
  });

  it('parses the expression syntax and rejects bad input by name', () => {
    expect(parseStopExpression('se<0.3|items>=50; min_items=10')).toEqual({
      rule: { any: [{ rule: 'min_se', se: 0.3 }, { rule: 'max_items', items: 50 }] }, minItems: 10,
    });
    expect(parseStopExpression('(class(0.5) | class(-1,2)) & dtheta<1e-2 | plateau(0.005,5) | info<0.2').rule).toEqual({
      any: [
        { all: [{ any: [{ rule: 'classification', cut: 0.5 }, { rule: 'classification', cut: -1, z: 2 }] }, { rule: 'ability_change', delta: 0.01 }] },
        { rule: 'se_plateau', gain: 0.005, patience: 5 },
        { rule: 'min_information', information: 0.2 },
      ],
    });
    expect(() => parseStopExpression('se<0.3|')).toThrow(InvalidArgumentError);
    expect(() => parseStopExpression('sigma<1')).toThrow(/no stop term at "sigma<1"/);
    expect(() => parseStopExpression('se<-1')).toThrow(/stop.se: must be > 0/);
    expect(() => fluidBenchmarking(responses, bank, { stop: { rule: 'se_plateau', gain: 0.1, patience: 0 } })).toThrow(/patience/);
  });
});

describe('start rules, Sympson–Hetter and seeds', () => {
  const bank = ItemBank.fromRows(Array.from({ length: 60 }, (_, i) => ({ id: `mmlu_s${i % 4}_${i}`, a: 0.5 + (i % 9) * 0.25, b: -2.5 + (i * 5) / 59 })));
  const responses = Array.from({ length: 60 }, (_, i) => (i % 4 === 1 ? 0 : 1));

  it('fixed first items, then the selector', () => {
    const run = fluidBenchmarking(responses, bank, { nMax: 6, startRule: { items: ['mmlu_s3_7', 2] } });
    expect(run.items.slice(0, 2)).toEqual([7, 2]);
    const rest = nextItem(bank, { items: [7, 2], responses: [responses[7], responses[2]], theta: run.abilities[1] });
    expect(run.items[2]).toBe(rest.index);
  });

  it('k random first items within the window around θ₀', () => {
    for (let seed = 0; seed < 10; seed++) {
      const run = fluidBenchmarking(responses, bank, { nMax: 5, start: 0.5, seed, startRule: { random: 3, window: 0.6 } });
      for (const item of run.items.slice(0, 3)) expect(Math.abs(bank.b[item] - 0.5)).toBeLessThan(0.6);
    }
  });

  it('Sympson–Hetter: an item with parameter 0 is never given; parameters of 1 change nothing', () => {
    const plain = fluidBenchmarking(responses, bank, { nMax: 10 });
    const ones = fluidBenchmarking(responses, bank, { nMax: 10, exposure: { method: 'sympson-hetter', parameters: new Array(60).fill(1) } });
    expect(ones.items).toEqual(plain.items);
    const parameters = new Array(60).fill(1);
    parameters[plain.items[0]] = 0;
    parameters[plain.items[3]] = 0;
    const controlled = fluidBenchmarking(responses, bank, { nMax: 10, exposure: { method: 'sympson-hetter', parameters } });
    expect(controlled.items).not.toContain(plain.items[0]);
    expect(controlled.items).not.toContain(plain.items[3]);
    expect(() => fluidBenchmarking(responses, bank, { exposure: { method: 'sympson-hetter', parameters: [2] } })).toThrow(/one probability per bank item/);
  });

  it('batch column c equals a session seeded seed + c, and survives a JSON round trip mid-test', () => {
    const options: RunOptions = { nMax: 24, randomesque: 3, content: { groups: 'mmlu' }, selector: 'klp', seed: 40 };
    const columns = [responses, responses.map((x) => 1 - x)];
    const batch = fluidBenchmarkingMany(columns, bank, options);
    columns.forEach((column, c) => {
      let test = new AdaptiveTest(bank, { ...options, seed: 40 + c });
      while (!test.done) {
        const { index } = test.next();
        test.record(column[index]);
        if (test.state.items.length === 9) test = AdaptiveTest.fromJSON(JSON.parse(JSON.stringify(test.toJSON())), bank);
      }
      expect(test.state.items).toEqual(batch[c].items);
      expect(test.state.abilities).toEqual(batch[c].abilities);
    });
    expect(fluidBenchmarkingMany(columns, bank, options)).toEqual(batch);
  });
});

describe('sessions picking by mfi, bopt or thopt without randomesque (the pick-only path)', () => {
  it('give at every step the item the full scan of selectionValues picks, with exclusions and exact ties', () => {
    const rng = new SeededRandom(11);
    // coarse b and shared c, d make equal distances and equal information common
    const n = 300;
    const bank = new ItemBank({
      a: Array.from({ length: n }, () => 0.5 + Math.round(rng.next() * 4) / 2),
      b: Array.from({ length: n }, () => Math.round(rng.next() * 24 - 12) / 4),
      c: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.2 : 0)),
      d: Array.from({ length: n }, (_, i) => (i % 3 === 0 ? 0.95 : 1)),
    });
    const exclude = Array.from({ length: 40 }, (_, i) => i * 7);
    for (const selector of ['mfi', 'bopt', 'thopt'] as const) {
      const test = new AdaptiveTest(bank, { selector, exclude, nMax: 30 });
      const items: number[] = [];
      const responses: number[] = [];
      for (let step = 0; step < 30; step++) {
        const values = selectionValues(bank, { items, responses, theta: test.theta }, { selector, exclude });
        let want = -1;
        for (let i = 0; i < n; i++) {
          if (Number.isNaN(values[i])) continue;
          if (want < 0 || (selector === 'mfi' ? values[i] > values[want] : values[i] < values[want])) want = i;
        }
        const { index } = test.next();
        expect(index, `${selector} step ${step}`).toBe(want);
        const x = rng.next() < 0.5 ? 1 : 0;
        items.push(index);
        responses.push(x);
        test.record(x);
      }
    }
  });
});
