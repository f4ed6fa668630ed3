// The piscina worker: loads the WASM engine once per thread, then runs units. Errors a user can fix (bad
// files) come back as values: a thrown error crossing threads would lose the marker that says so.
import { FluidError, initSync } from '@fluidbench/core';
import { runUnit, type UnitOutcome, type UnitTask } from './unit';

initSync();

/**
 * Runs one unit in this thread (piscina calls it with each task).
 *
 * @example
 * ```ts
 * const outcome = await pool.run(task); // { benchmark, lm, lines, rows } or { failure }
 * ```
 */
export default async function work(task: UnitTask): Promise<UnitOutcome> {
  try {
    return await runUnit(task);
  } catch (error) {
    if (FluidError.isInstance(error)) return { failure: (error as Error).message };
    throw error;
  }
}
