/**
 * The delivery queue's errors: a write refused because the queue is closed, and a slot,
 * submission or write that will never be delivered. Thrown by the queue and its handles.
 */
import { LucoError } from '../core/errors.js';
import type { OperationRecord, Outcome } from './records.js';

/** The queue refused a write because it is closed. */
export class DeliveryClosedError extends LucoError {
  override name = 'DeliveryClosedError';
}

/** A queued slot or submission that did not get its real id: dead-lettered, dropped, or still queued at close. */
export class UndeliveredError extends LucoError {
  override name = 'UndeliveredError';
  readonly outcome: 'dead' | 'dropped' | 'queued';

  constructor(message: string, options: { outcome: 'dead' | 'dropped' | 'queued'; cause?: unknown }) {
    super(message, { cause: options.cause });
    this.outcome = options.outcome;
  }
}

/** Why a slot or submission handle never gets its real id; the reason itself when it already says so. */
export function undeliveredHandle(handle: string, state: 'dead' | 'dropped', reason: unknown): UndeliveredError {
  if (reason instanceof UndeliveredError) return reason;
  return new UndeliveredError(`${handle} was ${state === 'dropped' ? 'dropped from the delivery queue' : 'refused by Luco (dead-lettered)'}`, {
    outcome: state,
    cause: reason,
  });
}

/** Why a write cannot be delivered when the slot or submission it belongs to never will be. */
export function dependencyError(record: OperationRecord, outcome: Outcome | 'lost', cause: unknown): UndeliveredError {
  const owner = record.kind === 'submission' ? 'slot' : 'submission';
  const what =
    outcome === 'lost'
      ? `its ${owner}'s record was lost`
      : outcome === 'dropped'
        ? `its ${owner} was dropped from the queue`
        : `its ${owner} was refused by Luco (dead-lettered)`;
  return new UndeliveredError(`This ${record.kind} write cannot be delivered: ${what}`, { outcome: outcome === 'dropped' ? 'dropped' : 'dead', cause });
}
