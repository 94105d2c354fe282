import type { AppContext } from '../../context.js';
import { lastSubmissionStatus, type LastSubmissionStatus } from '../../domain/slot-status.js';
import { SlotSubmissionsRepository } from '../../storage/repositories/dashboard/slot-submissions.js';
import type { SubmissionStatus } from '../../storage/repositories/submissions.js';
import { iso, isoOrNull } from '../../wire/instants.js';
import { loadSlot } from '../submissions/access.js';
import type { RunEnvironmentView } from '../run-environments/run-environments.js';

/** The most submissions one answer lists (the newest); a slot rarely has more than a few retries. */
export const MAX_SLOT_SUBMISSIONS = 1000;

export interface SlotSubmissionView {
  submissionId: number;
  status: SubmissionStatus;
  lastSubmissionStatus: LastSubmissionStatus;
  /** The stage of the latest status event; null before any. */
  stage: string | null;
  startTime: string;
  endTime: string | null;
  runEnvironments: RunEnvironmentView[];
}

/** A slot's submissions for the dashboard, each with its latest stage and where it ran. */
export class SlotSubmissionsService {
  readonly #reads: SlotSubmissionsRepository;

  constructor(private readonly ctx: AppContext) {
    this.#reads = new SlotSubmissionsRepository(ctx.db);
  }

  async list(slotId: number): Promise<{ slotId: number; slotSequenceId: number; totalCount: number; submissions: SlotSubmissionView[] }> {
    const slot = await loadSlot(this.ctx.db, slotId);
    const submissions = await this.#reads.newest(slotId, MAX_SLOT_SUBMISSIONS);
    const ids = submissions.map((submission) => submission.id);
    const [stages, environments] = await Promise.all([this.#reads.latestStages(ids), this.#reads.runEnvironments(ids)]);
    return {
      slotId,
      slotSequenceId: slot.sequenceId,
      totalCount: slot.submissionCount,
      submissions: submissions.map((submission) => ({
        submissionId: submission.id,
        status: submission.status,
        lastSubmissionStatus: lastSubmissionStatus(submission),
        stage: stages.get(submission.id) ?? null,
        startTime: iso(submission.startedOn),
        endTime: isoOrNull(submission.endedOn),
        runEnvironments: (environments.get(submission.id) ?? []).map((record) => ({ stage: record.stage, runData: record.runData, createdOn: iso(record.createdOn) })),
      })),
    };
  }
}
