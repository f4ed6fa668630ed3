/** Typed-array views of one WebAssembly memory. */
export interface Views {
  f64: Float64Array;
  i32: Int32Array;
  u8: Uint8Array;
}

/**
 * Caches typed-array views of a WebAssembly memory and rebuilds them after growth (growth detaches the old
 * buffer, and every view on it).
 *
 * @example
 * ```ts
 * const memory = new WebAssembly.Memory({ initial: 1 });
 * const views = new MemoryViews(memory);
 * views.get().f64.length; // returns 8192
 * ```
 */
export class MemoryViews {
  private buffer: ArrayBuffer | undefined;
  private current: Views | undefined;

  constructor(private readonly memory: WebAssembly.Memory) {}

  /** Views of the memory as it is now. */
  get(): Views {
    const buffer = this.memory.buffer;
    if (buffer !== this.buffer || !this.current) {
      this.buffer = buffer;
      this.current = { f64: new Float64Array(buffer), i32: new Int32Array(buffer), u8: new Uint8Array(buffer) };
    }
    return this.current;
  }
}

/**
 * Writes a byte mask of `n` flags at `at`: 1 for every row listed in any of `lists`, 0 elsewhere (the engines'
 * "used" regions).
 *
 * @example
 * ```ts
 * const u8 = new Uint8Array(6);
 * markRows(u8, 1, 4, [0], [2]); // u8 is now [0, 1, 0, 1, 0, 0]
 * ```
 */
export function markRows(u8: Uint8Array, at: number, n: number, ...lists: ArrayLike<number>[]): void {
  u8.fill(0, at, at + n);
  for (const rows of lists) for (let i = 0; i < rows.length; i++) u8[at + rows[i]] = 1;
}
