/**
 * One run as one submission: Completed when the caller's function returns, Failed (with the
 * error's message) when it throws. Shared by `LucoApi.withSubmission` (direct writes) and
 * `DeliveryQueue.withSubmission` (queued writes).
 */
import { withoutNul } from '../core/validate.js';

/** The longest Failed-status message sent; a longer one is cut, ending in `...`. */
const MAX_FAILURE_MESSAGE = 2000;

export interface SubmissionMarks {
  completed(): Promise<void>;
  failed(message: string): Promise<void>;
  /** The Failed status could not be written; the function's own error is re-thrown all the same. */
  notMarked(error: unknown): void;
}

/** Runs `fn` on the submission, marks how it ended, and re-throws what it threw. */
export async function runAsSubmission<S, T>(submission: S, fn: (submission: S) => Promise<T> | T, marks: SubmissionMarks): Promise<T> {
  let result: T;
  try {
    result = await fn(submission);
  } catch (error) {
    try {
      await marks.failed(failureMessage(error));
    } catch (statusError) {
      marks.notMarked(statusError);
    }
    throw error;
  }
  await marks.completed();
  return result;
}

function failureMessage(error: unknown): string {
  // Whatever the error says, the Failed status must be storable.
  const message = withoutNul(error instanceof Error ? `${error.name}: ${error.message}` : `Failed: ${String(error)}`);
  return message.length > MAX_FAILURE_MESSAGE ? `${message.slice(0, MAX_FAILURE_MESSAGE - 3)}...` : message;
}
