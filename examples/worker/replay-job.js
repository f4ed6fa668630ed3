// The work a worker does, shared by the Web Worker and the Node worker: one bank, many response columns
// (checkpoints), every adaptive run and every full-bank estimate in two calls into the WebAssembly engine.
import { ItemBank, abilityMany, fluidBenchmarkingMany, initSync } from '@fluidbench/core';

/**
 * Replays Fluid Benchmarking for each column and scores each column on the whole bank.
 *
 * @param {{ ids: string[], a: ArrayLike<number>, b: ArrayLike<number>, columns: ArrayLike<number>[], options?: object }} request
 *   the bank's columns, one response column per checkpoint (in bank order), and `fluidBenchmarking` options
 * @returns {{ runs: import('@fluidbench/core').FluidResult[], fullBank: { theta: number[], se: number[] } }}
 *
 * @example
 * replayBatch({ ids: ['q1', 'q2'], a: [1, 2], b: [0, 1], columns: [[1, 0]], options: { nMax: 1 } }).runs[0].items;
 * // returns [1]
 */
export function replayBatch(request) {
  // Synchronous compilation is allowed in workers (browsers refuse it on a page's main thread for modules over
  // 4 KiB); it is idempotent, so only the first message pays for it.
  initSync();
  const bank = new ItemBank({ ids: request.ids, a: request.a, b: request.b });
  const runs = fluidBenchmarkingMany(request.columns, bank, request.options ?? {});
  const { theta, se } = abilityMany(request.columns, bank, null);
  return { runs, fullBank: { theta: Array.from(theta), se: Array.from(se) } };
}

/**
 * The reply a worker posts: the result, or the error's message (errors do not cross `postMessage` intact).
 *
 * @example
 * answer({ ids: ['q'], a: [0], b: [0], columns: [[1]] }).ok; // returns false (a = 0 is not a discrimination)
 */
export function answer(request) {
  try {
    return { ok: true, result: replayBatch(request) };
  } catch (error) {
    return { ok: false, error: error instanceof Error ? `${error.name}: ${error.message}` : String(error) };
  }
}
