import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { LineageRepository, type LineageRun } from '../../storage/repositories/lineage.js';
import { MetricRepository } from '../../storage/repositories/metrics.js';
import { RunEnvironmentRepository } from '../../storage/repositories/run-environments.js';
import type { Database } from '../../storage/schema.js';
import { CLOCK_SKEW_MS } from '../../wire/event-time.js';
import { InputError } from '../../wire/input-error.js';
import { iso } from '../../wire/instants.js';
import { MetricService } from '../metrics/metrics.js';
import { QualityService } from '../quality/quality.js';
import { StatusEventService } from '../submissions/status-events.js';
import type { OpenLineageSettings } from './config.js';
import { TERMINAL_EVENT_TYPES, type ParsedEvent, type RunEvent } from './event.js';
import { carriesEnvironment, metricsOf, qualityCollectionsOf, runEnvironmentOf, statusMessage, statusOf } from './map.js';
import { LineageRuns, OWN_STAGE } from './runs.js';

/**
 * What became of one event: `applied` (it changed the submission), `late` (kept in the log, but
 * its run had already ended, or it repeats a state already recorded), `duplicate` (the same run,
 * type and time were received before: nothing written), `ignored` (a DatasetEvent or JobEvent).
 */
export interface IngestOutcome {
  outcome: 'applied' | 'late' | 'duplicate' | 'ignored';
  detail: string;
  runId?: string;
  slotId?: number;
  submissionId?: number;
  stage?: string;
}

/**
 * Applies OpenLineage events to submissions, in the write's transaction. Arrival order does not
 * change the result: a terminal event (COMPLETE, FAIL, ABORT) ends the run once and nothing after
 * it reopens it; the start time is the earliest START's; dataset figures and assertions are read
 * from the terminal event only (the final ones, recorded once); every event is logged as received.
 */
export class OpenLineageIngest {
  readonly #runs: LineageRuns;
  readonly #statuses: StatusEventService;
  readonly #metrics: MetricService;
  readonly #quality: QualityService;

  constructor(
    private readonly ctx: AppContext,
    settings: OpenLineageSettings,
  ) {
    this.#runs = new LineageRuns(ctx, settings);
    this.#statuses = new StatusEventService(ctx);
    this.#metrics = new MetricService(ctx);
    this.#quality = new QualityService(ctx);
  }

  /** Stops following the change feed. */
  close(): void {
    this.#runs.close();
  }

  async ingest(trx: Kysely<Database>, parsed: ParsedEvent, caller: string | undefined, at = ''): Promise<IngestOutcome> {
    if (parsed.kind === 'ignored') return { outcome: 'ignored', detail: parsed.reason };
    const event = parsed.event;
    if (event.eventTime > this.ctx.now() + CLOCK_SKEW_MS) throw InputError.of(`${at}/eventTime`, 'must not be in the future');
    const lineage = new LineageRepository(trx);
    const fresh = await lineage.logEvent({
      runId: event.runId,
      eventType: event.eventType,
      eventTime: event.eventTime,
      jobNamespace: event.job.namespace,
      jobName: event.job.name,
      body: JSON.stringify(parsed.raw),
      receivedOn: this.ctx.now(),
    });
    const terminal = TERMINAL_EVENT_TYPES.has(event.eventType);
    // A new terminal event of a known run that has not ended ends it in the statement that reads it.
    const ended = fresh && terminal ? await lineage.endKnownRun(event.runId, event.eventType, event.eventTime, statusOf(event.eventType)) : undefined;
    const run = ended ? { ...ended, created: false } : await this.#runs.resolve(trx, event, fresh && event.eventType === 'START');
    const where = { runId: event.runId, slotId: run.slotId!, submissionId: run.submissionId!, stage: run.stage };
    if (!fresh) return { outcome: 'duplicate', detail: `This ${event.eventType} event of run ${event.runId} at ${iso(event.eventTime)} was received before; nothing was written`, ...where };
    const changed = terminal ? await this.#end(trx, lineage, run, event, caller, ended !== undefined) : await this.#progress(trx, lineage, run, event, caller);
    const environment = await this.#environment(trx, lineage, run, event);
    if (changed || environment || run.created) return { outcome: 'applied', detail: `${event.eventType} recorded on ${run.stage === OWN_STAGE ? 'the submission' : `stage ${run.stage}`}`, ...where };
    const detail = run.endedType !== null ? `The run had already ended (${run.endedType}); the event was logged and changes nothing` : 'The run is already in progress; the event was logged and changes nothing';
    return { outcome: 'late', detail, ...where };
  }

  /**
   * The first terminal event ends the run: its status, then the figures and assertions it carries.
   * `endedHere`: the run was already marked ended by this event (endKnownRun).
   */
  async #end(trx: Kysely<Database>, lineage: LineageRepository, run: LineageRun, event: RunEvent, caller: string | undefined, endedHere: boolean): Promise<boolean> {
    const status = statusOf(event.eventType);
    if (!endedHere && (run.endedType !== null || !(await lineage.markEnded(run.runId, event.eventType, event.eventTime, status)))) return false;
    const slotId = run.slotId!;
    const submissionId = run.submissionId!;
    const stage = dataStage(run);
    const metrics = metricsOf(event);
    const own = run.stage === OWN_STAGE;
    // A run of its own: its figures go in before its status, so that a completion judges them by the
    // metric rules once, in the status event (the ingest made them: nothing to check).
    if (own && metrics.length > 0) await new MetricRepository(trx).insertRows(MetricRepository.rows(submissionId, stage, metrics, this.ctx.now()));
    await this.#statuses.record(
      trx,
      slotId,
      submissionId,
      { status, stage: run.stage, type: `OpenLineage ${event.eventType}`, message: statusMessage(event), occurredOn: iso(event.eventTime) },
      caller,
      { pairKnown: true },
    );
    // A child's figures after its status: its parent's submission may have completed already, and
    // the metric service judges figures recorded after a completion.
    if (!own && metrics.length > 0) await this.#metrics.record(trx, slotId, submissionId, { stage, metrics });
    for (const collection of qualityCollectionsOf(event)) await this.#quality.recordV2(trx, slotId, submissionId, collection, { stage });
    return true;
  }

  /**
   * START, RUNNING, OTHER: In Progress once (never after the end): a run of its own is In Progress
   * from its submission's creation; a child run's stage gets an In Progress status event. A START
   * moves the submission's start time earlier.
   */
  async #progress(trx: Kysely<Database>, lineage: LineageRepository, run: LineageRun & { created: boolean }, event: RunEvent, caller: string | undefined): Promise<boolean> {
    let changed = false;
    if (run.status === null && run.endedType === null) {
      await this.#statuses.record(trx, run.slotId!, run.submissionId!, { status: 'In Progress', stage: run.stage, type: `OpenLineage ${event.eventType}`, occurredOn: iso(event.eventTime) }, caller, { pairKnown: true });
      await lineage.setStatus(run.runId, 'In Progress');
      changed = true;
    }
    // A submission made by this very event already starts at its time.
    if (event.eventType === 'START' && run.stage === OWN_STAGE && !run.created) await lineage.moveSubmissionStartEarlier(run.submissionId!, event.eventTime);
    return changed;
  }

  /**
   * One run environment record per run, from the first event that carries its facets. A run this
   * event made was claimed already marked (LineageRuns.resolve), so it needs no marking update.
   * Written through the repository: the run's slot and submission are the ones the ingest stored.
   */
  async #environment(trx: Kysely<Database>, lineage: LineageRepository, run: LineageRun & { created: boolean }, event: RunEvent): Promise<boolean> {
    if (!carriesEnvironment(event)) return false;
    if (!run.created && (run.environmentRecorded || !(await lineage.markEnvironmentRecorded(run.runId)))) return false;
    await new RunEnvironmentRepository(trx).insertMany(run.submissionId!, dataStage(run), [runEnvironmentOf(event)], this.ctx.now());
    return true;
  }
}

/** Metrics, quality and run environments of a run of its own are under its job's name; a child's under its stage. */
function dataStage(run: LineageRun): string {
  return run.stage === OWN_STAGE ? run.jobName : run.stage;
}
