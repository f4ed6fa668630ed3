import { DEFAULT_ENGINE_OPTIONS } from '@fluidbench/irt-wasm';
import { InvalidArgumentError, SessionStateError } from './errors';
import { checkCategory, checkPolytomousOptions, isPolytomous, type AnyItemBank } from './poly-item-bank';
import { describeStop } from './fluid-benchmarking';
import { binarizeResponse, resolveRunOptions, type ResolvedRunOptions, type RunOptions, type StopReason } from './options';
import { RandomOrder, SeededRandom } from './random';
import { chooseGroup } from './content';
import { pickRandomesque } from './exposure';
import { smallestWins } from './selection';
import { resolveSessionPlan, type SessionPlan } from './session-plan';
import { firedRule } from './stopping';

/** What the session has seen so far. */
export interface AdaptiveTestState {
  items: number[];
  itemIds: string[];
  responses: number[];
  abilities: number[];
  /** Standard error after each answer; `Infinity` where the information is 0 (MLE or WLE at a range end). */
  se: number[];
  /** Current ability estimate (the start before any answer). */
  theta: number;
  /** Current SE (NaN before any answer). */
  currentSe: number;
  done: boolean;
  stopReason: StopReason | null;
}

/** A serialized session (JSON-safe). */
export interface AdaptiveTestJSON {
  format: 'fluidbench.adaptive-test';
  version: 1;
  bankSize: number;
  bankIds: string[];
  options: RunOptions;
  items: number[];
  responses: number[];
  abilities: number[];
  /** An infinite SE is written as `null` by JSON.stringify; fromJSON reads `null` back as `Infinity`. */
  se: (number | null)[];
  pending: number | null;
  /** The 'random' selector's generator state after `randomDraws` draws from `seed` (checked on resume). */
  rngState: number;
  /** Elements of the random permutation drawn so far (absent in older snapshots: read as 0). */
  randomDraws?: number;
  /** Items Sympson–Hetter set aside for this test (absent in older snapshots). */
  rejected?: number[];
  /** State of the generator of the adaptive-testing rules (randomesque, content, start, Sympson–Hetter). */
  rulesRngState?: number;
}

/**
 * An interactive adaptive test: ask `next()` which item to give, `record()` the answer, repeat until
 * `done`. Gives the same items and abilities as {@link fluidBenchmarking} on the same answers.
 * Survives a restart through `toJSON()` / `AdaptiveTest.fromJSON()`.
 *
 * @example
 * ```ts
 * await init();
 * const test = new AdaptiveTest(bank, { nMax: 20 });
 * while (!test.done) {
 *   const item = test.next();
 *   test.record(await askModel(item.id) ? 1 : 0);
 * }
 * test.state.theta; // the ability estimate
 * ```
 */
export class AdaptiveTest {
  readonly bank: AnyItemBank;
  private readonly options: RunOptions;
  private readonly run: ResolvedRunOptions;
  private readonly used: number[] = [];
  private readonly responses: number[] = [];
  private readonly abilities: number[] = [];
  private readonly ses: number[] = [];
  private readonly usedSet = new Set<number>();
  private pending: number | null = null;
  /** The 'random' selector's path: the same seeded permutation fluidBenchmarking walks. */
  private readonly order: RandomOrder;
  private reason: StopReason | null = null;
  private readonly plan: SessionPlan;
  /** The generator of the adaptive-testing rules (randomesque, content, start, Sympson–Hetter). */
  private readonly rng: SeededRandom;
  /** Items Sympson–Hetter's lottery set aside for this test. */
  private readonly rejected = new Set<number>();
  private values: Float64Array | undefined;

  constructor(bank: AnyItemBank, options: RunOptions = {}) {
    if (isPolytomous(bank)) checkPolytomousOptions(options);
    this.bank = bank;
    this.run = resolveRunOptions(options);
    this.options = { ...options };
    this.order = new RandomOrder(bank.size, new SeededRandom(this.run.seed));
    this.plan = resolveSessionPlan(bank, options, this.run);
    this.rng = new SeededRandom(this.run.seed);
    if (this.availableCount() === 0) this.reason = 'exhausted'; // every item excluded: nothing to give
  }

  /** Current ability estimate. */
  get theta(): number {
    return this.abilities.length ? this.abilities[this.abilities.length - 1] : this.run.start;
  }

  /** Whether a stopping rule (or the end of the bank) has ended the test. */
  get done(): boolean {
    return this.reason !== null;
  }

  /** Which rule ended the test, or null while it runs. */
  get stopReason(): StopReason | null {
    return this.reason;
  }

  /** A sentence saying why the test ended (empty while it runs). */
  get stopDetail(): string {
    return this.reason ? describeStop(this.reason, this.used.length, this.run.nMax, this.run.minSe, this.ses[this.ses.length - 1]) : '';
  }

  /**
   * The item to administer next (the same one until it is recorded).
   * Throws SessionStateError once the test is done.
   */
  next(): { index: number; id: string } {
    if (this.reason) throw new SessionStateError(`the test is over: ${this.stopDetail}`);
    if (this.pending === null) this.pending = this.select();
    return { index: this.pending, id: this.bank.ids[this.pending] };
  }

  /** Whether an item may not be given now (used, excluded, set aside). */
  private unavailable = (row: number): boolean => this.usedSet.has(row) || this.plan.blocked[row] === 1 || this.rejected.has(row);

  private availableCount(): number {
    let count = 0;
    for (let i = 0; i < this.bank.size; i++) if (!this.unavailable(i)) count++;
    return count;
  }

  private select(): number {
    const plan = this.plan;
    if (plan.plain) return this.selectPlain();
    const step = this.used.length;
    if (plan.start && step < plan.start.count) {
      const item = plan.start.pick(step, this.unavailable, this.rng);
      if (item >= 0) return item;
    }
    while (true) {
      const item = this.selectByRules();
      if (item < 0) throw new SessionStateError('no usable item left in the bank');
      // Sympson–Hetter: the selected item is given with probability K_j, else set aside for this test
      if (!plan.exposure || plan.exposure[item] >= 1 || this.rng.next() < plan.exposure[item]) return item;
      this.rejected.add(item);
    }
  }

  /** The paper's rule (and the seeded random order), exactly as before any option was added. */
  private selectPlain(): number {
    if (this.run.selector === 'random') {
      // the next element of the permutation not administered yet (items recorded out of order are skipped)
      for (let item = this.order.next(); item >= 0; item = this.order.next()) if (!this.usedSet.has(item)) return item;
      throw new SessionStateError('no unused item left in the bank');
    }
    const item = this.engine().selectNext(this.theta, this.used);
    if (item < 0) throw new SessionStateError('no unused item left in the bank');
    return item;
  }

  /** Content group, then the criterion (randomesque among the best k) inside the allowed items (any bank). */
  private selectByRules(): number {
    const plan = this.plan;
    const n = this.bank.size;
    let group = -1;
    if (plan.content) {
      const { groupOf, targets } = plan.content;
      const counts = new Int32Array(targets.length);
      for (const item of this.used) if (groupOf[item] >= 0) counts[groupOf[item]]++;
      const open = Array.from(targets, () => false);
      for (let i = 0; i < n; i++) if (groupOf[i] >= 0 && !this.unavailable(i)) open[groupOf[i]] = true;
      group = chooseGroup(targets, counts, open, this.rng);
      if (group < 0) return -1;
    }
    const allowed = (i: number) => !this.unavailable(i) && (group < 0 || plan.content!.groupOf[i] === group);
    if (this.run.selector === 'random') {
      let left = 0;
      for (let i = 0; i < n; i++) if (allowed(i)) left++;
      if (left === 0) return -1;
      let k = this.rng.nextInt(left);
      for (let i = 0; i < n; i++) if (allowed(i) && k-- === 0) return i;
    }
    const blocked: number[] = [];
    for (let i = 0; i < n; i++) if (!this.usedSet.has(i) && !allowed(i)) blocked.push(i);
    const criterion = this.run.selector === 'random' ? 'mfi' : this.run.selector;
    if (plan.randomesque === 1 && (criterion === 'mfi' || criterion === 'bopt' || criterion === 'thopt') && !isPolytomous(this.bank)) {
      // the best item only: the engine's pick-only path (nextItem's), the item the full scan below would give
      const engine = this.bank.engine();
      engine.setOptions(this.run.engine);
      return engine.pickNext(criterion, this.theta, this.used, blocked).best;
    }
    this.values ??= new Float64Array(n);
    this.engine().criterionValuesInto(criterion, this.used, this.responses, this.theta, this.run.estimator, plan.grid, blocked, this.values);
    const item = pickRandomesque(this.values, plan.randomesque, smallestWins(criterion), this.rng);
    if (item >= 0) return item;
    // a criterion undefined everywhere (NaN on every allowed item): the first allowed item
    for (let i = 0; i < n; i++) if (allowed(i)) return i;
    return -1;
  }

  private engine() {
    const engine = this.bank.engine();
    engine.setOptions(this.run.engine);
    return engine;
  }

  /**
   * Records the answer to the pending item (from `next()`), or to `item` (a row or id) when given,
   * then re-estimates ability and checks the stopping rules.
   */
  record(response: number, item?: number | string): AdaptiveTestState {
    if (this.reason) throw new SessionStateError(`the test is over: ${this.stopDetail}`);
    let index: number;
    if (item === undefined) {
      if (this.pending === null) throw new SessionStateError('no pending item: call next() first, or pass the item');
      index = this.pending;
    } else {
      index = typeof item === 'number' ? item : this.bank.indexOf(item);
      if (!(index >= 0 && index < this.bank.size) || !Number.isInteger(index)) throw new InvalidArgumentError('item', item, 'not an item of this bank');
      if (this.usedSet.has(index)) throw new InvalidArgumentError('item', item, 'already administered');
      if (this.plan.blocked[index] === 1) throw new InvalidArgumentError('item', item, 'excluded from this test');
    }
    let x: number;
    if (isPolytomous(this.bank)) {
      x = checkCategory(this.bank, index, response, 'response');
    } else {
      if (typeof response !== 'number' || !(response >= 0 && response <= 1)) throw new InvalidArgumentError('response', response, 'must be in [0, 1]');
      x = this.run.binarize ? binarizeResponse(response) : response;
    }
    this.pending = null;
    this.used.push(index);
    this.usedSet.add(index);
    this.responses.push(x);
    const { theta, se } = this.engine().estimate(this.used, this.responses, this.theta, this.run.estimator);
    this.abilities.push(theta);
    this.ses.push(se);
    this.checkStop();
    return this.state;
  }

  private checkStop(): void {
    const count = this.used.length;
    const left = this.availableCount();
    if (count >= this.plan.minItems) {
      const fired = this.plan.stop ? firedRule(this.plan.stop, {
        count, abilities: this.abilities, se: this.ses, bestInformation: () => this.bestInformation(),
      }) : null;
      if (fired) {
        this.reason = fired;
        return;
      }
      if (count >= this.run.nMax) {
        this.reason = 'max_items';
        return;
      }
    }
    if (left === 0) this.reason = 'exhausted';
  }

  /** The largest Fisher information at θ̂ among the items that may still be given. */
  private bestInformation(): number {
    const information = this.engine().informationInto(this.theta, new Float64Array(this.bank.size));
    let best = 0;
    for (let i = 0; i < information.length; i++) if (!this.unavailable(i) && information[i] > best) best = information[i];
    return best;
  }

  /** A copy of everything the session holds. */
  get state(): AdaptiveTestState {
    return {
      items: [...this.used],
      itemIds: this.used.map((i) => this.bank.ids[i]),
      responses: [...this.responses],
      abilities: [...this.abilities],
      se: [...this.ses],
      theta: this.theta,
      currentSe: this.ses.length ? this.ses[this.ses.length - 1] : NaN,
      done: this.done,
      stopReason: this.reason,
    };
  }

  /** A JSON-safe snapshot; `AdaptiveTest.fromJSON(snapshot, bank)` resumes it. */
  toJSON(): AdaptiveTestJSON {
    return {
      format: 'fluidbench.adaptive-test',
      version: 1,
      bankSize: this.bank.size,
      bankIds: [...this.bank.ids],
      options: this.options,
      items: [...this.used],
      responses: [...this.responses],
      abilities: [...this.abilities],
      se: [...this.ses],
      pending: this.pending,
      rngState: this.order.rng.state,
      randomDraws: this.order.drawn,
      rejected: [...this.rejected],
      rulesRngState: this.rng.state,
    };
  }

  /**
   * Resumes a session saved with `toJSON()` on the same bank (checked by item ids). Every field is checked
   * against the bank and the options: items distinct integer rows, responses in [0, 1] (0 or 1 when
   * binarized), one finite ability and one SE ≥ 0 (null: Infinity) per item, the random state reproducible.
   *
   * @example
   * ```ts
   * const snapshot = JSON.parse(JSON.stringify(test));
   * const copy = AdaptiveTest.fromJSON(snapshot, bank);
   * copy.next().index === test.next().index; // returns true
   * AdaptiveTest.fromJSON({ ...snapshot, rngState: 1 }, bank); // throws InvalidArgumentError naming json.rngState
   * ```
   */
  static fromJSON(json: AdaptiveTestJSON, bank: AnyItemBank): AdaptiveTest {
    if (typeof json !== 'object' || json === null || json.format !== 'fluidbench.adaptive-test' || json.version !== 1) {
      throw new InvalidArgumentError('json.format', (json as Partial<AdaptiveTestJSON> | null)?.format, 'not a fluidbench adaptive-test snapshot (version 1)');
    }
    if (json.bankSize !== bank.size || !Array.isArray(json.bankIds) || json.bankIds.length !== bank.size || json.bankIds.some((id, i) => bank.ids[i] !== id)) {
      throw new InvalidArgumentError('bank', `${bank.size} items`, `the snapshot was taken on another bank (${json.bankSize} items)`);
    }
    const test = new AdaptiveTest(bank, json.options ?? {});
    const steps = checkSnapshotSteps(json, bank, test.run.binarize, test.run.engine.range ?? DEFAULT_ENGINE_OPTIONS.range);
    steps.items.forEach((item, k) => {
      test.used.push(item);
      test.usedSet.add(item);
      test.responses.push(steps.responses[k]);
      test.abilities.push(steps.abilities[k]);
      test.ses.push(steps.se[k]);
    });
    const pending = json.pending ?? null;
    if (pending !== null && !(Number.isInteger(pending) && pending >= 0 && pending < bank.size && !test.usedSet.has(pending))) {
      throw new InvalidArgumentError('json.pending', pending, `must be null or an unused row of the bank (0..${bank.size - 1})`);
    }
    test.pending = pending;
    const draws = json.randomDraws ?? 0;
    if (!(Number.isInteger(draws) && draws >= 0 && draws <= bank.size)) {
      throw new InvalidArgumentError('json.randomDraws', json.randomDraws, `must be an integer in [0, ${bank.size}]`);
    }
    for (let i = 0; i < draws; i++) {
      // every element the random path has drawn was given, or is the pending item: else it could never come again
      const drawn = test.order.next();
      if (!test.usedSet.has(drawn) && drawn !== pending) {
        throw new InvalidArgumentError('json.items', `row ${drawn} missing`, `the random path drew row ${drawn} (draw ${i + 1}), but the snapshot never gave it`);
      }
    }
    if (json.rngState !== test.order.rng.state) {
      throw new InvalidArgumentError('json.rngState', json.rngState, `does not follow from seed ${test.run.seed} after ${draws} random draws`);
    }
    if (json.rulesRngState !== undefined) {
      if (!(Number.isInteger(json.rulesRngState) && json.rulesRngState >= 0 && json.rulesRngState < 2 ** 32)) {
        throw new InvalidArgumentError('json.rulesRngState', json.rulesRngState, 'must be an unsigned 32-bit integer');
      }
      test.rng.state = json.rulesRngState;
    }
    const rejected = json.rejected ?? [];
    if (!Array.isArray(rejected) || rejected.some((item) => !(Number.isInteger(item) && item >= 0 && item < bank.size) || test.usedSet.has(item))) {
      throw new InvalidArgumentError('json.rejected', rejected, `must list unused rows of the bank (0..${bank.size - 1})`);
    }
    for (const item of rejected) test.rejected.add(item);
    if (test.used.length) test.checkStop();
    return test;
  }
}

/** The per-step arrays of a snapshot, checked: one typed error naming the first bad field. */
function checkSnapshotSteps(json: AdaptiveTestJSON, bank: AnyItemBank, binarize: boolean, range: readonly [number, number]) {
  const nItems = bank.size;
  const arrays = { items: json.items, responses: json.responses, abilities: json.abilities, se: json.se };
  for (const [name, values] of Object.entries(arrays)) {
    if (!Array.isArray(values)) throw new InvalidArgumentError(`json.${name}`, values, 'must be an array');
    if (values.length !== json.items.length) throw new InvalidArgumentError(`json.${name}`, `length ${values.length}`, `need one entry per administered item (${json.items.length})`);
  }
  if (json.items.length > nItems) throw new InvalidArgumentError('json.items', `length ${json.items.length}`, `more items than the bank has (${nItems})`);
  const seen = new Map<number, number>();
  json.items.forEach((item, k) => {
    if (!(Number.isInteger(item) && item >= 0 && item < nItems)) throw new InvalidArgumentError(`json.items[${k}]`, item, `not a row of the bank (0..${nItems - 1})`);
    if (seen.has(item)) throw new InvalidArgumentError(`json.items[${k}]`, item, `already administered at step ${seen.get(item)! + 1}`);
    seen.set(item, k);
  });
  json.responses.forEach((x, k) => {
    if (isPolytomous(bank)) {
      checkCategory(bank, json.items[k], x, `json.responses[${k}]`);
      return;
    }
    const ok = typeof x === 'number' && (binarize ? x === 0 || x === 1 : x >= 0 && x <= 1);
    if (!ok) throw new InvalidArgumentError(`json.responses[${k}]`, x, binarize ? 'must be 0 or 1 (responses are binarized)' : 'must be in [0, 1]');
  });
  json.abilities.forEach((theta, k) => {
    if (!(typeof theta === 'number' && theta >= range[0] && theta <= range[1])) {
      throw new InvalidArgumentError(`json.abilities[${k}]`, theta, `must be a number in the ability range [${range[0]}, ${range[1]}]`);
    }
  });
  const se = json.se.map((value, k) => {
    if (value === null) return Infinity;
    if (!(typeof value === 'number' && value >= 0)) throw new InvalidArgumentError(`json.se[${k}]`, value, 'must be a number ≥ 0 (null for an infinite SE)');
    return value;
  });
  return { items: json.items, responses: json.responses, abilities: json.abilities, se };
}
