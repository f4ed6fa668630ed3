// One definition of each error class: the family lives in @fluidbench/irt-wasm (the package every other one
// of core's depends on); core adds only what is about sessions. DataFormatError belongs to @fluidbench/data,
// which reads the files.
import { FluidError } from '@fluidbench/irt-wasm';

export { FluidError, InvalidArgumentError, DimensionError } from '@fluidbench/irt-wasm';

/**
 * An adaptive session that cannot go on (no unused item left, or no pending item to record).
 *
 * @example
 * ```ts
 * SessionStateError.isInstance(new SessionStateError('the test is over')); // returns true
 * ```
 */
export class SessionStateError extends FluidError {
  static override readonly errorName: string = 'SessionStateError';
}
