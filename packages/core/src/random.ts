// A small seeded generator: reproducible across platforms (32-bit integer arithmetic only).
import { InvalidArgumentError } from './errors';

/**
 * A seeded pseudo-random generator (SplitMix32-style mixing over a Weyl sequence).
 *
 * @example
 * ```ts
 * const rng = new SeededRandom(42);
 * rng.next() === new SeededRandom(42).next(); // returns true
 * ```
 */
export class SeededRandom {
  /** The generator's whole state (a 32-bit integer), so a session can be saved and resumed. */
  state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  /** A uniform integer in [0, 2³²). */
  nextUint32(): number {
    this.state = (this.state + 0x9e3779b9) >>> 0;
    let z = this.state;
    z = Math.imul(z ^ (z >>> 16), 0x85ebca6b) >>> 0;
    z = Math.imul(z ^ (z >>> 13), 0xc2b2ae35) >>> 0;
    return (z ^ (z >>> 16)) >>> 0;
  }

  /** A uniform float in [0, 1) with 53 random bits. */
  next(): number {
    const high = this.nextUint32() >>> 5;
    const low = this.nextUint32() >>> 6;
    return (high * 67108864 + low) / 9007199254740992;
  }

  /** A uniform integer in [0, n) without modulo bias. */
  nextInt(n: number): number {
    return Math.floor(this.next() * n);
  }

  /** A standard normal draw (Box–Muller). */
  nextNormal(): number {
    let u = 0;
    while (u === 0) u = this.next();
    return Math.sqrt(-2 * Math.log(u)) * Math.cos(2 * Math.PI * this.next());
  }
}

/**
 * A seeded random permutation of [0, n), drawn one element at a time (a lazy Fisher–Yates shuffle): the one
 * random path of the 'random' selector, shared by AdaptiveTest and fluidBenchmarking, and of
 * sampleWithoutReplacement. Each draw takes one `rng.nextInt`, so `drawn` draws from a seed fix the state.
 *
 * @example
 * ```ts
 * const order = new RandomOrder(3, new SeededRandom(1));
 * [order.next(), order.next(), order.next(), order.next()].sort(); // returns [-1, 0, 1, 2]
 * ```
 */
export class RandomOrder {
  private readonly pool: Int32Array;
  private position = 0;

  constructor(readonly size: number, readonly rng: SeededRandom) {
    this.pool = new Int32Array(size);
    for (let i = 0; i < size; i++) this.pool[i] = i;
  }

  /** How many elements have been drawn. */
  get drawn(): number {
    return this.position;
  }

  /** The next element of the permutation, or −1 once all `size` are drawn. */
  next(): number {
    const i = this.position;
    if (i >= this.size) return -1;
    const j = i + this.rng.nextInt(this.size - i);
    const picked = this.pool[j];
    this.pool[j] = this.pool[i];
    this.pool[i] = picked;
    this.position++;
    return picked;
  }
}

/**
 * `k` distinct indices from [0, n), in draw order (the first k elements of a {@link RandomOrder}).
 *
 * @example
 * ```ts
 * sampleWithoutReplacement(10, 3, new SeededRandom(1)).length; // returns 3
 * ```
 */
export function sampleWithoutReplacement(n: number, k: number, rng: SeededRandom): Int32Array {
  if (!(Number.isInteger(k) && k >= 0 && k <= n)) throw new InvalidArgumentError('k', k, `cannot draw that many distinct items from ${n}`);
  const order = new RandomOrder(n, rng);
  const out = new Int32Array(k);
  for (let i = 0; i < k; i++) out[i] = order.next();
  return out;
}
