import { PolyEngine, type PolyModel } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { checkColumnLengths, registerItemId } from './item-columns';
import type { ItemBank } from './item-bank';
import { normalizeResponses, type ResponseOptions, type RunOptions } from './options';

export type { PolyModel };

/** The polytomous models, for validation and CLI choices. */
export const POLY_MODELS: readonly PolyModel[] = Object.freeze(['grm', 'gpcm', 'pcm']);

/**
 * Polytomous item parameters as columns (catR's parameterizations, D = 1). Item j has categories 0…K_j with
 * K_j = `thresholds[j].length` ≥ 1: GRM `P(X ≥ k) = σ(a(θ − b_k))`, thresholds `b_1 < … < b_K`;
 * GPCM `P(X = k) ∝ exp Σ_{t≤k} a(θ − d_t)`, steps `d_1 … d_K` in any order; PCM the GPCM with a = 1.
 */
export interface PolytomousItemColumns {
  ids?: ArrayLike<string | number>;
  /** One model for the bank or one per item (a bank may mix them). */
  model: PolyModel | readonly PolyModel[];
  /** Discriminations, > 0; required unless every item is PCM (PCM items take a = 1). */
  a?: ArrayLike<number>;
  thresholds: readonly ArrayLike<number>[];
}

/**
 * A validated bank of GRM, GPCM and PCM items (graded scores, partial credit). Accepted wherever an
 * {@link ItemBank} is (`fluidBenchmarking`, `fluidBenchmarkingMany`, `AdaptiveTest`, `fullAbility`, …);
 * responses are then category indices 0…K_j. Immutable; owns its engine.
 *
 * @example
 * ```ts
 * const bank = new PolytomousItemBank({ model: 'grm', a: [1.2, 0.8], thresholds: [[-1, 0, 1], [0.5]] });
 * bank.categories[0]; // returns 4
 * bank.size; // returns 2
 * ```
 */
export class PolytomousItemBank {
  readonly kind = 'polytomous' as const;
  readonly ids: readonly string[];
  readonly models: readonly PolyModel[];
  /** Discriminations (1 for PCM items). */
  readonly a: Float64Array;
  readonly thresholds: readonly Float64Array[];
  /** Number of categories K_j + 1 of each item. */
  readonly categories: Int32Array;
  private readonly index = new Map<string, number>();
  private cachedEngine: PolyEngine | undefined;

  constructor(columns: PolytomousItemColumns) {
    const n = columns.thresholds.length;
    const models = typeof columns.model === 'string' ? Array<PolyModel>(n).fill(columns.model) : [...columns.model];
    checkColumnLengths(n, { model: models, a: columns.a, ids: columns.ids });
    const ids: string[] = [];
    this.a = new Float64Array(n);
    this.categories = new Int32Array(n);
    const thresholds: Float64Array[] = [];
    for (let i = 0; i < n; i++) {
      const id = registerItemId(this.index, columns.ids, i);
      const name = `item ${JSON.stringify(id)} (row ${i})`;
      ids.push(id);
      const model = models[i];
      if (!POLY_MODELS.includes(model)) throw new InvalidArgumentError(`${name}: model`, model, `must be one of ${POLY_MODELS.join(', ')}`);
      if (model === 'pcm') {
        this.a[i] = 1;
      } else {
        const a = columns.a?.[i];
        if (a === undefined) throw new InvalidArgumentError(`${name}: a`, a, `a ${model.toUpperCase()} item needs a discrimination`);
        if (!(Number.isFinite(a) && a > 0)) throw new InvalidArgumentError(`${name}: a`, a, 'discrimination must be finite and > 0');
        this.a[i] = a;
      }
      const row = Float64Array.from(columns.thresholds[i]);
      if (row.length < 1) throw new InvalidArgumentError(`${name}: thresholds`, [], 'an item needs at least one threshold (two categories)');
      row.forEach((t, k) => {
        if (!Number.isFinite(t)) throw new InvalidArgumentError(`${name}: threshold ${k + 1}`, columns.thresholds[i][k], 'must be finite');
        if (model === 'grm' && k > 0 && !(t > row[k - 1])) {
          throw new InvalidArgumentError(`${name}: thresholds`, Array.from(row), 'GRM thresholds must increase strictly');
        }
      });
      thresholds.push(row);
      this.categories[i] = row.length + 1;
    }
    this.ids = ids;
    this.models = models;
    this.thresholds = thresholds;
  }

  /** Number of items. */
  get size(): number {
    return this.a.length;
  }

  /** Row of an item id, or −1. */
  indexOf(id: string | number): number {
    return this.index.get(String(id)) ?? -1;
  }

  /** Items at the given rows, as a new bank (ids kept). */
  subset(rows: ArrayLike<number>): PolytomousItemBank {
    return new PolytomousItemBank({
      ids: Array.from(rows, (row) => this.ids[row]),
      model: Array.from(rows, (row) => this.models[row]),
      a: Array.from(rows, (row) => this.a[row]),
      thresholds: Array.from(rows, (row) => this.thresholds[row]),
    });
  }

  /** This bank's engine (a WebAssembly instance holding the bank), created on first use. Needs `init()` first. */
  engine(): PolyEngine {
    if (!this.cachedEngine) {
      this.cachedEngine = new PolyEngine();
      this.cachedEngine.setBank({ model: this.models, a: this.a, thresholds: this.thresholds });
    }
    return this.cachedEngine;
  }
}

/** Any bank the replay, session and ability functions accept. */
export type AnyItemBank = ItemBank | PolytomousItemBank;

/**
 * Whether a bank is polytomous.
 *
 * @example
 * ```ts
 * isPolytomous(new ItemBank({ a: [1], b: [0] })); // returns false
 * ```
 */
export function isPolytomous(bank: AnyItemBank): bank is PolytomousItemBank {
  return (bank as PolytomousItemBank).kind === 'polytomous';
}

/**
 * Checks one response to item `item` of a polytomous bank: an integer category 0…K_j.
 *
 * @example
 * ```ts
 * checkCategory(bank, 0, 3, 'response'); // returns 3 (item 0 has 4 categories)
 * checkCategory(bank, 1, 2, 'response'); // throws InvalidArgumentError: response: item "1" has categories 0…1 (got 2)
 * ```
 */
export function checkCategory(bank: PolytomousItemBank, item: number, x: unknown, name: string): number {
  const top = bank.categories[item] - 1;
  if (typeof x !== 'number' || !Number.isInteger(x) || x < 0 || x > top) {
    throw new InvalidArgumentError(name, x, `item ${JSON.stringify(bank.ids[item])} has categories 0…${top}`);
  }
  return x;
}

/**
 * A response column as the engine of `bank` reads it: NaN for missing (null, undefined, NaN); for a 1–4PL bank
 * values in [0, 1] (binarized at ≥ 0.5 unless `options.binarize` is false), for a polytomous bank categories 0…K_j.
 *
 * @example
 * ```ts
 * Array.from(responsesFor(bank, [3, null])); // returns [3, NaN]
 * ```
 */
export function responsesFor(
  bank: AnyItemBank, responses: ArrayLike<number | null | undefined>, options: ResponseOptions & { name?: string } = {},
): Float64Array {
  if (!isPolytomous(bank)) return normalizeResponses(responses, bank.size, options);
  const name = options.name ?? 'responses';
  const n = bank.size;
  if (responses.length !== n) throw new InvalidArgumentError(name, `length ${responses.length}`, `need one response per bank item (${n})`);
  const out = new Float64Array(n);
  for (let i = 0; i < n; i++) {
    const x = responses[i];
    out[i] = x === null || x === undefined || Number.isNaN(x) ? NaN : checkCategory(bank, i, x, `${name}[${i}]`);
  }
  return out;
}

/**
 * Checks that a session's options are ones a polytomous bank supports: every option but the selectors bopt and
 * thopt, which catR defines for dichotomous items only (its nextItem refuses them for polytomous models).
 *
 * @example
 * ```ts
 * checkPolytomousOptions({ selector: 'kl', randomesque: 3 }); // returns undefined
 * checkPolytomousOptions({ selector: 'bopt' }); // throws InvalidArgumentError: selector: catR defines bOpt and thOpt for dichotomous items only ... (got "bopt")
 * ```
 */
export function checkPolytomousOptions(options: RunOptions): void {
  const { selector } = options;
  if (selector === 'bopt' || selector === 'thopt') {
    throw new InvalidArgumentError('selector', selector, 'catR defines bOpt and thOpt for dichotomous items only (use mfi, mlwi, mpwi, mei, mepv, kl, klp or random)');
  }
}
