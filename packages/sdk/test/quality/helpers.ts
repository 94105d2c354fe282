import { ValidationError } from '../../src/core/errors.js';

/** Runs `fn`, which must throw a ValidationError, and returns it so a test can check its field. */
export function validationErrorOf(fn: () => unknown): ValidationError {
  try {
    fn();
  } catch (error) {
    if (error instanceof ValidationError) return error;
    throw error;
  }
  throw new Error('expected a ValidationError, but nothing was thrown');
}
