// Python's `random.Random` (MT19937 seeded by init_by_array, `_randbelow` by rejection on getrandbits),
// reproduced so that the few-shot examples drawn here are the ones lm-evaluation-harness drew: the Open
// LLM Leaderboard's harness seeds `random.Random(42)`, shuffles a task's documents with it, then calls
// `rnd.sample(training_docs, k)` once per document in that order. Browser-safe; no dependencies.
import { InvalidArgumentError } from './errors';

const STATE_SIZE = 624;
const SHIFT_SIZE = 397;
const MATRIX_A = 0x9908b0df;
const UPPER_MASK = 0x80000000;
const LOWER_MASK = 0x7fffffff;
/** The constant CPython's `init_by_array` starts from. */
const INIT_BY_ARRAY_SEED = 19650218;
/** `random.sample` switches from a pool to a set of picks above this many items (CPython's `setsize`). */
const SAMPLE_POOL_BASE = 21;

/**
 * A pseudo-random generator that returns, draw for draw, what CPython's `random.Random(seed)` returns for
 * `shuffle`, `sample` and `getrandbits` (Python 3.2 and later).
 *
 * @example
 * ```ts
 * const random = new PythonRandom(42);
 * const order = [0, 1, 2, 3, 4, 5, 6, 7, 8, 9];
 * random.shuffle(order); // order is now [7, 3, 2, 8, 5, 6, 9, 4, 0, 1], as random.Random(42).shuffle
 * ```
 */
export class PythonRandom {
  private readonly state = new Uint32Array(STATE_SIZE);
  private position = STATE_SIZE;

  constructor(seed: number) {
    if (!Number.isSafeInteger(seed)) throw new InvalidArgumentError('seed', seed, 'expected a safe integer');
    // CPython seeds an int with the 32-bit words of its absolute value, least significant first.
    const key: number[] = [];
    let rest = Math.abs(seed);
    do {
      key.push(rest % 2 ** 32);
      rest = Math.floor(rest / 2 ** 32);
    } while (rest > 0);
    this.initByArray(key);
  }

  /**
   * The next 32 random bits as an unsigned integer (CPython's `genrand_uint32`).
   *
   * @example
   * ```ts
   * new PythonRandom(42).nextUint32(); // returns 2746317213, as random.Random(42).getrandbits(32)
   * ```
   */
  nextUint32(): number {
    if (this.position >= STATE_SIZE) this.twist();
    let y = this.state[this.position++];
    y ^= y >>> 11;
    y ^= (y << 7) & 0x9d2c5680;
    y ^= (y << 15) & 0xefc60000;
    y ^= y >>> 18;
    return y >>> 0;
  }

  /**
   * A uniform integer in `[0, n)`, as CPython's `_randbelow_with_getrandbits` (rejection sampling on the
   * bit length of `n`), for `1 <= n < 2^32`.
   *
   * @example
   * ```ts
   * new PythonRandom(42).below(10); // returns 1, as random.Random(42).randrange(10)
   * ```
   */
  below(n: number): number {
    if (!Number.isInteger(n) || n < 1 || n >= 2 ** 32) throw new InvalidArgumentError('n', n, 'expected an integer in [1, 2^32)');
    const bits = 32 - Math.clz32(n);
    let value = this.nextUint32() >>> (32 - bits);
    while (value >= n) value = this.nextUint32() >>> (32 - bits);
    return value;
  }

  /**
   * Shuffles `values` in place, as `random.shuffle` (Fisher–Yates from the end), and returns it.
   *
   * @example
   * ```ts
   * new PythonRandom(42).shuffle([0, 1, 2, 3, 4, 5, 6, 7, 8, 9]); // returns [7, 3, 2, 8, 5, 6, 9, 4, 0, 1]
   * ```
   */
  shuffle<T>(values: T[]): T[] {
    for (let i = values.length - 1; i > 0; i--) {
      const j = this.below(i + 1);
      [values[i], values[j]] = [values[j], values[i]];
    }
    return values;
  }

  /**
   * Positions of `k` distinct elements of a population of `n`, in the order `random.sample(population, k)`
   * returns them (a pool for small populations, rejection from a set of picks for large ones).
   *
   * @example
   * ```ts
   * new PythonRandom(42).sample(1000, 5); // returns [654, 114, 25, 759, 281], as random.Random(42).sample(range(1000), 5)
   * ```
   */
  sample(n: number, k: number): number[] {
    if (!Number.isInteger(k) || k < 0 || k > n) throw new InvalidArgumentError('k', k, `expected an integer in [0, ${n}] (sample larger than population)`);
    let setSize = SAMPLE_POOL_BASE;
    if (k > 5) setSize += 4 ** Math.ceil(Math.log(k * 3) / Math.log(4));
    const picks: number[] = [];
    if (n <= setSize) {
      const pool = Array.from({ length: n }, (_, i) => i);
      for (let i = 0; i < k; i++) {
        const j = this.below(n - i);
        picks.push(pool[j]);
        pool[j] = pool[n - i - 1];
      }
      return picks;
    }
    const selected = new Set<number>();
    for (let i = 0; i < k; i++) {
      let j = this.below(n);
      while (selected.has(j)) j = this.below(n);
      selected.add(j);
      picks.push(j);
    }
    return picks;
  }

  private initGenrand(seed: number): void {
    const mt = this.state;
    mt[0] = seed >>> 0;
    for (let i = 1; i < STATE_SIZE; i++) mt[i] = (Math.imul(1812433253, mt[i - 1] ^ (mt[i - 1] >>> 30)) + i) >>> 0;
    this.position = STATE_SIZE;
  }

  private initByArray(key: readonly number[]): void {
    const mt = this.state;
    this.initGenrand(INIT_BY_ARRAY_SEED);
    let i = 1;
    let j = 0;
    for (let k = Math.max(STATE_SIZE, key.length); k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1664525)) + key[j] + j) >>> 0;
      i++;
      j++;
      if (i >= STATE_SIZE) {
        mt[0] = mt[STATE_SIZE - 1];
        i = 1;
      }
      if (j >= key.length) j = 0;
    }
    for (let k = STATE_SIZE - 1; k > 0; k--) {
      mt[i] = ((mt[i] ^ Math.imul(mt[i - 1] ^ (mt[i - 1] >>> 30), 1566083941)) - i) >>> 0;
      i++;
      if (i >= STATE_SIZE) {
        mt[0] = mt[STATE_SIZE - 1];
        i = 1;
      }
    }
    mt[0] = UPPER_MASK; // the MSB is 1, assuring a non-zero initial state
  }

  private twist(): void {
    const mt = this.state;
    const mix = (upper: number, lower: number, far: number): number => {
      const y = (mt[upper] & UPPER_MASK) | (mt[lower] & LOWER_MASK);
      return mt[far] ^ (y >>> 1) ^ (y & 1 ? MATRIX_A : 0);
    };
    let kk = 0;
    for (; kk < STATE_SIZE - SHIFT_SIZE; kk++) mt[kk] = mix(kk, kk + 1, kk + SHIFT_SIZE);
    for (; kk < STATE_SIZE - 1; kk++) mt[kk] = mix(kk, kk + 1, kk + SHIFT_SIZE - STATE_SIZE);
    mt[STATE_SIZE - 1] = mix(STATE_SIZE - 1, 0, SHIFT_SIZE - 1);
    this.position = 0;
  }
}
