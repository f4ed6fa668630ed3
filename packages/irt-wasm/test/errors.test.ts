// One marker per error class: isInstance answers for the class and its subclasses, never for a sibling,
// and recognises instances made by another copy of the package (a registered symbol, not the prototype).
import { describe, expect, it } from 'vitest';
import { DimensionError, FluidError, InvalidArgumentError, IrtWasmError, NotInitializedError, errorMarker } from '../src/index';

describe('error classes', () => {
  const invalid = new InvalidArgumentError('nMax', 0, 'must be ≥ 1');
  const dimension = new DimensionError('b', 2, 3);
  const notInitialized = new NotInitializedError();

  it('answer isInstance for themselves and their subclasses only', () => {
    expect(InvalidArgumentError.isInstance(invalid)).toBe(true);
    expect(InvalidArgumentError.isInstance(dimension)).toBe(false);
    expect(DimensionError.isInstance(invalid)).toBe(false);
    expect(IrtWasmError.isInstance(notInitialized)).toBe(true);
    expect(NotInitializedError.isInstance(new IrtWasmError('x'))).toBe(false);
    for (const error of [invalid, dimension, notInitialized]) expect(FluidError.isInstance(error)).toBe(true);
    expect(FluidError.isInstance(new Error('plain'))).toBe(false);
    expect(FluidError.isInstance(null)).toBe(false);
  });

  it('recognise an instance of another copy by its registered symbol', () => {
    const foreign = Object.assign(new Error('from another copy'), { [errorMarker('DimensionError')]: true, [errorMarker('FluidError')]: true });
    expect(DimensionError.isInstance(foreign)).toBe(true);
    expect(FluidError.isInstance(foreign)).toBe(true);
    expect(InvalidArgumentError.isInstance(foreign)).toBe(false);
    expect(errorMarker('DimensionError')).toBe(Symbol.for('fluidbench.error.DimensionError'));
  });

  it('carry their class name and a message naming the argument, the value and the shapes', () => {
    expect(invalid.name).toBe('InvalidArgumentError');
    expect(invalid.message).toBe('nMax: must be ≥ 1 (got 0)');
    expect(dimension.name).toBe('DimensionError');
    expect(dimension.message).toBe('b: length 2, expected 3');
    expect(notInitialized).toBeInstanceOf(Error);
  });
});
