import { DEFAULT_ENGINE_OPTIONS, IrtEngine } from '@fluidbench/irt-wasm';
import { InvalidArgumentError } from './errors';
import { checkColumnLengths, registerItemId } from './item-columns';

/** Item parameters as columns. `c` (guessing) and `d` (upper asymptote) default to 0 and 1 (2PL). */
export interface ItemColumns {
  ids?: ArrayLike<string | number>;
  a: ArrayLike<number>;
  b: ArrayLike<number>;
  c?: ArrayLike<number>;
  d?: ArrayLike<number>;
}

/** One item as a row; the semantic aliases match jsCAT's vocabulary. */
export interface ItemRow {
  id?: string | number;
  a?: number;
  b?: number;
  c?: number;
  d?: number;
  discrimination?: number;
  difficulty?: number;
  guessing?: number;
  slipping?: number;
}

/**
 * A validated bank of 1–4PL items (`P = c + (d − c)·σ(D·a·(θ − b))`). Immutable: `ids`, `a`, `b`, `c`
 * and `d` are frozen arrays (writing `bank.a[1] = 2` throws), so they always say what the cached engine uses.
 *
 * @example
 * ```ts
 * const bank = new ItemBank({ ids: ['q1', 'q2'], a: [1.2, 0.8], b: [-0.5, 0.7] });
 * bank.size; // returns 2
 * bank.indexOf('q2'); // returns 1
 * ```
 */
export class ItemBank {
  readonly ids: readonly string[];
  readonly a: readonly number[];
  readonly b: readonly number[];
  readonly c: readonly number[];
  readonly d: readonly number[];
  /** True when every item has c = 0 and d = 1. */
  readonly is2PL: boolean;
  private readonly index = new Map<string, number>();
  private cachedEngine: IrtEngine | undefined;

  constructor(columns: ItemColumns) {
    const n = columns.a.length;
    checkColumnLengths(n, { b: columns.b, c: columns.c, d: columns.d, ids: columns.ids });
    const ids: string[] = [];
    // Number() as Float64Array.from did, so a string column reads the same; the copies are frozen below.
    this.a = Array.from(columns.a, Number);
    this.b = Array.from(columns.b, Number);
    this.c = columns.c ? Array.from(columns.c, Number) : new Array<number>(n).fill(0);
    this.d = columns.d ? Array.from(columns.d, Number) : new Array<number>(n).fill(1);
    let is2PL = true;
    for (let i = 0; i < n; i++) {
      const id = registerItemId(this.index, columns.ids, i);
      const name = `item ${JSON.stringify(id)} (row ${i})`;
      ids.push(id);
      const { a, b, c, d } = { a: this.a[i], b: this.b[i], c: this.c[i], d: this.d[i] };
      if (!Number.isFinite(a) || a === 0) throw new InvalidArgumentError(`${name}: a`, columns.a[i], 'discrimination must be finite and non-zero');
      if (!Number.isFinite(b)) throw new InvalidArgumentError(`${name}: b`, columns.b[i], 'difficulty must be finite');
      if (!(c >= 0 && c < d && d <= 1)) throw new InvalidArgumentError(`${name}: c, d`, [c, d], 'need 0 ≤ c < d ≤ 1');
      if (c !== 0 || d !== 1) is2PL = false;
    }
    this.ids = Object.freeze(ids);
    for (const values of [this.a, this.b, this.c, this.d]) Object.freeze(values);
    this.is2PL = is2PL;
  }

  /**
   * A bank from item rows (`a`/`discrimination`, `b`/`difficulty`, `c`/`guessing`, `d`/`slipping`).
   *
   * @example
   * ```ts
   * ItemBank.fromRows([{ id: 'x', discrimination: 1, difficulty: 0 }]).a[0]; // returns 1
   * ```
   */
  static fromRows(rows: readonly ItemRow[]): ItemBank {
    const pick = (row: ItemRow, i: number, key: 'a' | 'b', alias: 'discrimination' | 'difficulty') => {
      const value = row[key] ?? row[alias];
      if (value === undefined) throw new InvalidArgumentError(`rows[${i}].${key}`, row, `missing ${key} (or ${alias})`);
      return value;
    };
    return new ItemBank({
      ids: rows.map((row, i) => row.id ?? i),
      a: rows.map((row, i) => pick(row, i, 'a', 'discrimination')),
      b: rows.map((row, i) => pick(row, i, 'b', 'difficulty')),
      c: rows.map((row) => row.c ?? row.guessing ?? 0),
      d: rows.map((row) => row.d ?? row.slipping ?? 1),
    });
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
  subset(rows: ArrayLike<number>): ItemBank {
    const pick = (values: readonly number[]) => Array.from(rows, (row) => values[row]);
    return new ItemBank({ ids: Array.from(rows, (row) => this.ids[row]), a: pick(this.a), b: pick(this.b), c: pick(this.c), d: pick(this.d) });
  }

  /**
   * P(correct) of the item at `row` for ability `theta`: `c + (d − c)·σ(D·a·(θ − b))`, by the engine's
   * kernel (the one definition of the item response function). Needs `init()`/`initSync()` first.
   *
   * @example
   * ```ts
   * new ItemBank({ a: [1.5], b: [0.2] }).probability(0, 0.2); // returns 0.5
   * new ItemBank({ a: [1], b: [0], c: [0.2] }).probability(0, 0); // returns 0.6
   * ```
   */
  probability(row: number, theta: number, options: { D?: number } = {}): number {
    if (!(Number.isInteger(row) && row >= 0 && row < this.size)) throw new InvalidArgumentError('row', row, `not a row of the bank (0..${this.size - 1})`);
    const D = options.D ?? DEFAULT_ENGINE_OPTIONS.D;
    return this.engine().exports.probability(this.a[row], this.b[row], this.c[row], this.d[row], D, theta);
  }

  /**
   * This bank's engine (a WebAssembly instance holding the bank), created on first use.
   * Needs `init()`/`initSync()` first.
   */
  engine(): IrtEngine {
    if (!this.cachedEngine) {
      this.cachedEngine = new IrtEngine();
      this.cachedEngine.setBank(this);
    }
    return this.cachedEngine;
  }
}
