import type { EngineOptions, IrtEngine, PolyEngine } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { responsesFor, type AnyItemBank } from './poly-item-bank';
import { resolveRunOptions, type RunOptions, type StopReason } from './options';
import { RandomOrder, SeededRandom } from './random';
import { AdaptiveTest } from './adaptive-test';

/** One adaptive run: items in the order given, the ability and SE after each. */
export interface FluidResult {
  /** 0-based bank rows, in administration order. */
  items: number[];
  itemIds: string[];
  /** Ability estimate after each administered item. */
  abilities: number[];
  /**
   * Standard error after each administered item. `Infinity` where MLE or WLE has no information left at its
   * estimate (written as `null` by JSON.stringify, so in the CLI's JSONL); MAP and EAP SEs are always finite.
   */
  se: number[];
  stopReason: StopReason;
  /** A sentence saying which rule stopped the run. */
  stopDetail: string;
}

/**
 * Fluid Benchmarking on pre-computed responses: from `start`, give the unused item with the most Fisher
 * information at the current estimate, re-estimate ability after each answer, until `nMax` items, the SE
 * threshold, or the bank runs out. With the defaults (MAP, N(0,1), start 0, n_max 500) this reproduces
 * the reference implementation's item sequence exactly and its abilities to 1e-9. Runs in one WASM call.
 *
 * @example
 * ```ts
 * await init();
 * const bank = new ItemBank({ a: [1, 2, 0.5], b: [0, 0.3, -1] });
 * const run = fluidBenchmarking([1, 0, 1], bank, { nMax: 2 });
 * run.items; // returns [1, 0]
 * run.stopReason; // returns 'max_items'
 * ```
 */
export function fluidBenchmarking(responses: ArrayLike<number | null>, bank: AnyItemBank, options: RunOptions = {}): FluidResult {
  return fluidBenchmarkingMany([responses], bank, options)[0];
}

/**
 * Fluid Benchmarking for many response vectors (checkpoints) of one bank, in one call into WASM.
 * A 'random' selector walks one seeded permutation of the bank per column, from `seed` + column index
 * (so column 0, and fluidBenchmarking, use `seed` itself, as AdaptiveTest does), skipping missing responses.
 *
 * @example
 * ```ts
 * fluidBenchmarkingMany([[1, 0, 1], [0, 0, 1]], bank, { nMax: 1 }).map((r) => r.items[0]); // returns [1, 1]
 * ```
 */
export function fluidBenchmarkingMany(columns: readonly ArrayLike<number | null>[], bank: AnyItemBank, options: RunOptions = {}): FluidResult[] {
  const run = resolveRunOptions(options);
  const n = bank.size;
  if (n === 0) throw new InvalidArgumentError('bank', 'empty', 'the bank has no items');
  const matrix = new Float64Array(n * columns.length);
  columns.forEach((column, c) => matrix.set(responsesFor(bank, column, { binarize: run.binarize, name: `responses[${c}]` }), c * n));
  if (needsSession(options)) return columns.map((_, c) => runSession(matrix.subarray(c * n, (c + 1) * n), bank, options, run.seed + c));
  const engine = prepare(bank, run.engine);
  engine.setResponses(matrix, columns.length);
  const settings = { nMax: run.nMax, start: run.start, estimator: run.estimator, minSe: run.minSe };
  if (run.selector === 'mfi') {
    return engine.replayColumns(0, columns.length, { ...settings, selector: 'mfi' }).map((out) => toResult(out, bank, run.nMax, run.minSe));
  }
  return columns.map((_, c) => {
    engine.setOrder(randomPath(matrix.subarray(c * n, (c + 1) * n), run.nMax, run.seed + c));
    return toResult(engine.replay(c, { ...settings, selector: 'sequence' }), bank, run.nMax, run.minSe);
  });
}

/** Whether a run needs the step-by-step session (any adaptive-testing option beyond the paper's). */
function needsSession(options: RunOptions): boolean {
  const { selector, exclude, include, randomesque, exposure, content, stop, minItems, startRule } = options;
  return (selector !== undefined && selector !== 'mfi' && selector !== 'random') || exclude !== undefined || include !== undefined
    || (randomesque ?? 1) !== 1 || exposure !== undefined || content !== undefined || stop !== undefined || (minItems ?? 0) > 0
    || startRule !== undefined;
}

/** One column through an AdaptiveTest (seed `seed`); items without a response are excluded. */
function runSession(responses: Float64Array, bank: AnyItemBank, options: RunOptions, seed: number): FluidResult {
  const missing: number[] = [];
  responses.forEach((x, i) => { if (Number.isNaN(x)) missing.push(i); });
  const exclude = missing.length ? [...Array.from(options.exclude ?? []), ...missing] : options.exclude;
  const test = new AdaptiveTest(bank, { ...options, seed, exclude, binarize: false });
  while (!test.done) {
    const { index } = test.next();
    test.record(responses[index]);
  }
  const { items, itemIds, abilities, se } = test.state;
  return { items, itemIds, abilities, se, stopReason: test.stopReason!, stopDetail: test.stopDetail };
}

/**
 * The 'random' selector's items for one response column: the seeded permutation of the whole bank that
 * AdaptiveTest walks, without the items whose response is missing, cut at nMax.
 */
function randomPath(column: Float64Array, nMax: number, seed: number): number[] {
  const order = new RandomOrder(column.length, new SeededRandom(seed));
  const path: number[] = [];
  for (let item = order.next(); item >= 0 && path.length < nMax; item = order.next()) {
    if (!Number.isNaN(column[item])) path.push(item);
  }
  return path;
}

/**
 * The bank's engine with these options (checked by resolveEngineOptions) in force.
 *
 * @example
 * ```ts
 * prepare(bank, resolveEngineOptions({ priorSd: 2 })).settings.priorSd; // returns 2
 * ```
 */
export function prepare(bank: AnyItemBank, options: EngineOptions): IrtEngine | PolyEngine {
  const engine = bank.engine();
  engine.setOptions(options);
  return engine;
}

function toResult(
  out: { items: Int32Array; abilities: Float64Array; se: Float64Array; stopReason: StopReason },
  bank: AnyItemBank, nMax: number, minSe: number,
): FluidResult {
  const items = Array.from(out.items);
  return {
    items,
    itemIds: items.map((i) => bank.ids[i]),
    abilities: Array.from(out.abilities),
    se: Array.from(out.se),
    stopReason: out.stopReason,
    stopDetail: describeStop(out.stopReason, items.length, nMax, minSe, out.se[out.se.length - 1]),
  };
}

/**
 * A sentence for a stop reason.
 *
 * @example
 * ```ts
 * describeStop('max_items', 500, 500, 0, 0.07); // returns 'reached the item budget of 500'
 * ```
 */
export function describeStop(reason: StopReason, steps: number, nMax: number, minSe: number, lastSe: number | undefined): string {
  if (reason === 'min_se') return `SE ${lastSe?.toPrecision(4)} fell below ${minSe} after ${steps} items`;
  if (reason === 'max_items') return steps < nMax ? `the max_items rule fired after ${steps} items` : `reached the item budget of ${nMax}`;
  if (reason === 'exhausted') return `no usable item left after ${steps} items (budget ${nMax})`;
  return `the ${reason} rule fired after ${steps} items`;
}
