import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { eventTime } from '../../wire/event-time.js';
import { lastSubmissionStatus } from '../../domain/slot-status.js';
import { MetricPointRepository } from '../../storage/repositories/metric-points.js';
import { SlotRepository } from '../../storage/repositories/slots.js';
import { StatusEventRepository } from '../../storage/repositories/status-events.js';
import { SubmissionRepository, type SubmissionStatus } from '../../storage/repositories/submissions.js';
import { InputError } from '../../wire/input-error.js';
import { iso } from '../../wire/instants.js';
import { requireSubmissionOf } from './access.js';
import { toSubmissionSummary, type SubmissionSummaryView } from './views.js';
import { recordSlotHealth } from '../alerts/slot-health.js';
import { evaluateMetricRules } from '../metric-rules/evaluation.js';

/** The stage whose status is the submission's own (compared case-insensitively). */
export const SUBMISSION_STAGE = 'submission';

export interface StatusEventInput {
  runId?: string | null | undefined;
  status: string;
  stage?: string | null | undefined;
  type?: string | null | undefined;
  message?: string | null | undefined;
  modifiedBy?: string | null | undefined;
  occurredOn?: string | null | undefined;
}

export interface StatusEventView {
  statusId: number;
  runId: string | null;
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modifiedBy: string | null;
  createdOn: string;
}

/** `Completed`, `Failed`, `In Progress` in any case, with or without the space (or as `_`/`-`). */
export function parseSubmissionStatus(text: string): SubmissionStatus {
  switch (text.replace(/[\s_-]/g, '').toLowerCase()) {
    case 'completed':
      return 'Completed';
    case 'failed':
      return 'Failed';
    case 'inprogress':
      return 'In Progress';
    default:
      throw InputError.of('status', `must be Completed, Failed or In Progress, got ${JSON.stringify(text)}`);
  }
}

export class StatusEventService {
  constructor(private readonly ctx: AppContext) {}

  /**
   * Records a status event and applies it, all in the write's transaction `trx`: stage `Submission` sets the
   * submission's status (Completed/Failed end it, In Progress reopens it); a Failed event of any
   * stage marks the submission as having failures; the slot's roll-up follows its latest
   * submission, and its first completion is its delivery time. `pairKnown`: the caller took the
   * slot and submission from rows it read or wrote in `trx` (the OpenLineage ingest), so they are not checked again.
   */
  async record(
    trx: Kysely<Database>,
    slotId: number,
    submissionId: number,
    input: StatusEventInput,
    caller: string | undefined,
    options: { pairKnown?: boolean } = {},
  ): Promise<{ statusId: number; submission: SubmissionSummaryView }> {
    const status = parseSubmissionStatus(input.status);
    const now = eventTime('occurredOn', input.occurredOn, this.ctx.now());
    if (options.pairKnown !== true) await requireSubmissionOf(trx, slotId, submissionId, this.ctx.db);
    const ownStage = input.stage?.trim().toLowerCase() === SUBMISSION_STAGE;
    const submissions = new SubmissionRepository(trx);
    const slots = new SlotRepository(trx);
    // Failing or reopening a completed submission changes which submission gives the slot's metric
    // points: only then is the status before the event needed.
    const before = ownStage && status !== 'Completed' ? await submissions.findById(submissionId) : undefined;
    const updated = await submissions.applyStatusEvent(
      submissionId,
      { ...(ownStage ? { status, endedOn: status === 'In Progress' ? null : now } : {}), failed: status === 'Failed' },
      now,
    );
    const statusId = await new StatusEventRepository(trx).insert({
      submissionId,
      runId: input.runId ?? null,
      status,
      stage: input.stage ?? null,
      type: input.type ?? null,
      message: input.message ?? null,
      modifiedBy: input.modifiedBy ?? caller ?? null,
      createdOn: now,
    });
    const points = new MetricPointRepository(trx);
    if (ownStage && status === 'Completed') {
      const slotUpdated = await slots.setLastSubmissionStatusAndDelivered(slotId, submissionId, lastSubmissionStatus(updated), now);
      await points.refreshSlot(slotId, slotUpdated);
      // Before the health is derived, so a violated metric rule's failed check counts in it.
      await evaluateMetricRules(this.ctx, trx, slotId, submissionId);
    } else {
      await slots.setLastSubmissionStatus(slotId, submissionId, lastSubmissionStatus(updated), now);
      if (ownStage && before?.status === 'Completed') await points.refreshSlot(slotId);
      else if (status === 'Failed' && updated.status === 'Completed') await points.markFailures(slotId, submissionId);
    }
    await recordSlotHealth(this.ctx, trx, slotId, now);
    return { statusId, submission: toSubmissionSummary(updated) };
  }

  /** The submission's status history, oldest first. */
  async list(slotId: number, submissionId: number): Promise<StatusEventView[]> {
    await requireSubmissionOf(this.ctx.db, slotId, submissionId);
    const events = await new StatusEventRepository(this.ctx.db).listForSubmission(submissionId);
    return events.map((event) => ({
      statusId: event.id,
      runId: event.runId,
      status: event.status,
      stage: event.stage,
      type: event.type,
      message: event.message,
      modifiedBy: event.modifiedBy,
      createdOn: iso(event.createdOn),
    }));
  }
}
