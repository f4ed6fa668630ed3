// The data tests' check of a bad input: the error is a DataFormatError, returned for its fields.
import { expect } from 'vitest';
import { DataFormatError } from '../src/index';

/** Runs `action`, expects a DataFormatError, and returns it for field checks. */
export function formatError(action: () => unknown): DataFormatError {
  try {
    action();
  } catch (error) {
    expect(error).toBeInstanceOf(DataFormatError);
    return error as DataFormatError;
  }
  throw new Error('expected a DataFormatError, nothing was thrown');
}
