import { InvalidArgumentError, SessionStateError } from './errors';
import type { ItemBank } from './item-bank';
import { describeStop } from './fluid-benchmarking';
import { binarizeResponse, engineOptionsOf, resolveRunOptions, type RunOptions, type StopReason } from './options';
import { SeededRandom } from './random';

/** What the session has seen so far. */
export interface AdaptiveTestState {
  items: number[];
  itemIds: string[];
  responses: number[];
  abilities: number[];
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
  se: number[];
  pending: number | null;
  rngState: number;
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
  readonly bank: ItemBank;
  private readonly options: RunOptions;
  private readonly run: ReturnType<typeof resolveRunOptions>;
  private readonly used: number[] = [];
  private readonly responses: number[] = [];
  private readonly abilities: number[] = [];
  private readonly ses: number[] = [];
  private readonly usedSet = new Set<number>();
  private pending: number | null = null;
  private readonly rng: SeededRandom;
  private reason: StopReason | null = null;

  constructor(bank: ItemBank, options: RunOptions = {}) {
    this.bank = bank;
    this.options = { ...options };
    this.run = resolveRunOptions(options);
    this.rng = new SeededRandom(this.run.seed);
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

  private select(): number {
    if (this.run.selector === 'random') {
      const left = this.bank.size - this.usedSet.size;
      if (left === 0) throw new SessionStateError('no unused item left in the bank');
      let k = this.rng.nextInt(left);
      for (let i = 0; i < this.bank.size; i++) {
        if (this.usedSet.has(i)) continue;
        if (k-- === 0) return i;
      }
    }
    const engine = this.engine();
    const item = engine.selectNext(this.theta, this.used);
    if (item < 0) throw new SessionStateError('no unused item left in the bank');
    return item;
  }

  private engine() {
    const engine = this.bank.engine();
    engine.setOptions(engineOptionsOf(this.options));
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
    }
    if (typeof response !== 'number' || !(response >= 0 && response <= 1)) throw new InvalidArgumentError('response', response, 'must be in [0, 1]');
    const x = this.run.binarize ? binarizeResponse(response) : response;
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
    if (this.run.minSe > 0 && this.ses[this.ses.length - 1] < this.run.minSe) this.reason = 'min_se';
    else if (this.used.length >= this.run.nMax) this.reason = 'max_items';
    else if (this.used.length >= this.bank.size) this.reason = 'exhausted';
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
      rngState: this.rng.state,
    };
  }

  /**
   * Resumes a session saved with `toJSON()` on the same bank (checked by item ids).
   *
   * @example
   * ```ts
   * const copy = AdaptiveTest.fromJSON(JSON.parse(JSON.stringify(test)), bank);
   * copy.next().index === test.next().index; // returns true
   * ```
   */
  static fromJSON(json: AdaptiveTestJSON, bank: ItemBank): AdaptiveTest {
    if (json?.format !== 'fluidbench.adaptive-test' || json.version !== 1) throw new InvalidArgumentError('json', json?.format, 'not a fluidbench adaptive-test snapshot (version 1)');
    if (json.bankSize !== bank.size || json.bankIds.some((id, i) => bank.ids[i] !== id)) {
      throw new InvalidArgumentError('bank', `${bank.size} items`, `the snapshot was taken on another bank (${json.bankSize} items)`);
    }
    const test = new AdaptiveTest(bank, json.options);
    json.items.forEach((item, k) => {
      test.used.push(item);
      test.usedSet.add(item);
      test.responses.push(json.responses[k]);
      test.abilities.push(json.abilities[k]);
      test.ses.push(json.se[k]);
    });
    test.pending = json.pending;
    test.rng.state = json.rngState;
    if (test.used.length) test.checkStop();
    return test;
  }
}
