import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { instantToLocalDate } from '../../domain/schedule/index.js';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { conflict, HttpProblem } from '../../errors.js';
import { LineageRepository, sequenceDefinition, type LineageRun } from '../../storage/repositories/lineage.js';
import { SlotSequenceWriter } from '../../storage/repositories/slot-sequence-writes.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { SlotRepository, type Slot } from '../../storage/repositories/slots.js';
import type { Database } from '../../storage/schema.js';
import { InputError } from '../../wire/input-error.js';
import { formatName } from '../../wire/names.js';
import { SlotMaterializer } from '../materialization/slot-materializer.js';
import { SUBMISSION_STAGE } from '../submissions/status-events.js';
import { SubmissionService } from '../submissions/submissions.js';
import { applyNameTemplate, ruleFor, type OpenLineageSettings } from './config.js';
import type { LineageJobRef, RunEvent } from './event.js';
import { carriesEnvironment, childStageName } from './map.js';
import { JobSequenceCache } from './sequence-cache.js';

/** The stage of a run that is a submission of its own. */
export const OWN_STAGE = 'Submission';
/** The parameter group that ties a sequence to a job (matchParameters, and sequences the ingest creates). */
export const LINEAGE_PARAMETER_GROUP = 'openlineage';

/**
 * Maps an OpenLineage run id to its submission, once: the first event of a run (whatever its
 * type) finds the job's sequence, the slot and creates the submission; a child run (parent facet)
 * becomes a stage of its parent's submission, creating the parent's first when it comes first.
 */
export class LineageRuns {
  readonly #submissions: SubmissionService;
  readonly #sequences: JobSequenceCache;

  constructor(
    private readonly ctx: AppContext,
    private readonly settings: OpenLineageSettings,
  ) {
    this.#submissions = new SubmissionService(ctx);
    this.#sequences = new JobSequenceCache(ctx.changes);
  }

  close(): void {
    this.#sequences.close();
  }

  /**
   * The run's mapping; `created` when this event made it (its submission, or its stage's first
   * sight). `likelyNew` (a START not received before, most often a run's first event): a run of its
   * own is claimed at once, and read only when the claim finds it known.
   */
  async resolve(trx: Kysely<Database>, event: RunEvent, likelyNew = false): Promise<LineageRun & { created: boolean }> {
    const lineage = new LineageRepository(trx);
    const rule = ruleFor(this.settings, event.job.namespace, event.job.name);
    const childStage = event.parent !== undefined && (rule?.childRuns ?? this.settings.childRuns) === 'stages';
    if (likelyNew && !childStage) return this.#ownSubmission(trx, lineage, event.runId, event.job, event);
    const known = await lineage.findRun(event.runId);
    if (known) return { ...known, created: false };
    if (event.parent && childStage) {
      const parent = (await lineage.findRun(event.parent.runId)) ?? (await this.#ownSubmission(trx, lineage, event.parent.runId, event.parent.job, event));
      let stage = childStageName(event.job.name, parent.jobName);
      // The stage `Submission` is the submission's own status: a child never takes it.
      if (stage.trim().toLowerCase() === SUBMISSION_STAGE) stage = `${event.job.name} (child run)`;
      const base = { runId: event.runId, jobNamespace: event.job.namespace, jobName: event.job.name, stage, parentRunId: parent.runId };
      const environmentRecorded = carriesEnvironment(event);
      if (!(await lineage.claimRun({ ...base, status: null, environmentRecorded, createdOn: this.ctx.now() }))) return { ...(await lineage.findRun(event.runId))!, created: false };
      await lineage.setSubmission(event.runId, parent.slotId!, parent.submissionId!);
      return { ...base, slotId: parent.slotId, submissionId: parent.submissionId, status: null, endedType: null, endedAt: null, environmentRecorded, created: true };
    }
    return this.#ownSubmission(trx, lineage, event.runId, event.job, event);
  }

  /** A run that is a submission of its own: claimed first, so concurrent first events create one submission. */
  async #ownSubmission(trx: Kysely<Database>, lineage: LineageRepository, runId: string, job: LineageJobRef, event: RunEvent): Promise<LineageRun & { created: boolean }> {
    const base = { runId, jobNamespace: job.namespace, jobName: job.name, stage: OWN_STAGE, parentRunId: null };
    // A submission is created In Progress: that is the run's first status. The event's own run is
    // claimed with its environment marked when the event carries one (the ingest records it next).
    const environmentRecorded = runId === event.runId && carriesEnvironment(event);
    if (!(await lineage.claimRun({ ...base, status: 'In Progress', environmentRecorded, createdOn: this.ctx.now() }))) return { ...(await lineage.findRun(runId))!, created: false };
    const sequence = await this.#sequenceFor(trx, lineage, job);
    const { slot, started } = await this.#slotFor(trx, sequence, runId, event);
    const created = await this.#submissions.createInSlot(trx, slot.id, event.eventTime, started);
    await lineage.setSubmission(runId, slot.id, created.slotSubmissionId);
    return { ...base, slotId: slot.id, submissionId: created.slotSubmissionId, status: 'In Progress', endedType: null, endedAt: null, environmentRecorded, created: true };
  }

  /**
   * The job's sequence: the kept one while the guard read finds it active, with the same update
   * time, schedule and parameters; else looked up.
   */
  async #sequenceFor(trx: Kysely<Database>, lineage: LineageRepository, job: LineageJobRef): Promise<SlotSequence> {
    const cached = this.#sequences.get(job);
    if (cached) {
      const state = await lineage.sequenceState(cached.id);
      // A copy: the materializer moves materializedThrough on the sequence it is given.
      if (state?.isActive && state.updatedOn === cached.updatedOn && state.definition === sequenceDefinition(cached)) return { ...cached, materializedThrough: state.materializedThrough };
      this.#sequences.forget(job);
    }
    const sequence = await this.#lookUpSequence(trx, lineage, job);
    this.#sequences.rememberOnCommit(trx, job, { ...sequence });
    return sequence;
  }

  async #lookUpSequence(trx: Kysely<Database>, lineage: LineageRepository, job: LineageJobRef): Promise<SlotSequence> {
    const sequences = new SlotSequenceRepository(trx);
    if (this.settings.matchParameters) {
      for (const candidate of await lineage.sequencesWithLineageParameters()) {
        if (parametersName(candidate.parametersJson, job)) return (await sequences.findById(candidate.id))!;
      }
    }
    const template = ruleFor(this.settings, job.namespace, job.name)?.sequence ?? this.settings.sequenceName;
    const name = applyNameTemplate(template, job.namespace, job.name);
    const found = await sequences.findByName(name);
    if (found && !found.isActive) throw conflict(`The slot sequence ${formatName(name)} of the job ${job.namespace}/${job.name} is archived: it takes no new runs`, { reason: 'slot-sequence-archived' });
    if (found) return found;
    if (!this.settings.createSequences) {
      throw new HttpProblem(
        422,
        'unknown-job',
        'Unknown job',
        `The job ${JSON.stringify(job.name)} of namespace ${JSON.stringify(job.namespace)} has no slot sequence (${formatName(name)}), and this server does not create sequences for unknown jobs: import one, add a mapping rule, or start the server with --openlineage-create-sequences`,
        { extensions: { reason: 'unknown-job', job: { namespace: job.namespace, name: job.name }, slotSequence: formatName(name) } },
      );
    }
    await new SlotSequenceWriter(trx).insertIfAbsent(
      {
        name,
        type: 'OpenLineage',
        isActive: true,
        parameters: [{ slotParameterGroupName: LINEAGE_PARAMETER_GROUP, slotParameters: [{ key: 'namespace', value: job.namespace }, { key: 'job', value: job.name }] }],
        delivery: [],
      },
      this.ctx.now(),
    );
    return (await sequences.findByName(name))!;
  }

  /**
   * Scheduled: the slot of the date of nominalStartTime (else the event time) in the schedule's
   * zone, which the schedule must expect. Unscheduled: a slot tagged with the run id, made already
   * counting the submission about to be created (`started`) unless the tag existed.
   */
  async #slotFor(trx: Kysely<Database>, sequence: SlotSequence, runId: string, event: RunEvent): Promise<{ slot: Slot; started: boolean }> {
    const slots = new SlotRepository(trx);
    const schedule = activeSchedule(sequence);
    if (!schedule) {
      const made = await slots.insertUnscheduledStarted(sequence.id, runId, this.ctx.now(), event.eventTime);
      if (made) return { slot: made, started: true };
      const existing = await slots.findByTag(sequence.id, runId);
      if (!existing) throw new Error(`slot ${runId} of sequence ${sequence.id} vanished after an insert conflict`);
      return { slot: existing, started: false };
    }
    const date = instantToLocalDate(event.nominalStartTime ?? event.eventTime, schedule.timeZone);
    const slot = (await slots.findByTag(sequence.id, date)) ?? (await new SlotMaterializer(trx, this.ctx.now).ensureScheduledSlot(sequence, date));
    if (slot) return { slot, started: false };
    const field = event.nominalStartTime !== undefined ? '/run/facets/nominalTime/nominalStartTime' : '/eventTime';
    throw InputError.of(field, `falls on ${date} in ${schedule.timeZone}, a date the delivery schedule of ${formatName(sequence.name)} (${schedule.cadence}) does not expect`, 422);
  }
}

/** Whether parameters (JSON) hold the group `openlineage` with this job's namespace and name. */
function parametersName(parametersJson: string, job: LineageJobRef): boolean {
  const groups = JSON.parse(parametersJson) as Array<{ slotParameterGroupName: string; slotParameters: Array<{ key: string; value: string }> }>;
  return groups.some((group) => {
    if (group.slotParameterGroupName.toLowerCase() !== LINEAGE_PARAMETER_GROUP) return false;
    const value = (key: string) => group.slotParameters.find((parameter) => parameter.key === key)?.value;
    return value('namespace') === job.namespace && value('job') === job.name;
  });
}
