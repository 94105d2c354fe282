import type { LucoApi, RequestOptions, SlotOverviewItem } from '@lucots/sdk';
import { addDays, daysBetween } from './calendar.js';
import { planRun, type RunPlan, type SlotToPlan } from './day-plan.js';
import { displayName, type DemoSequence } from './demo-sequences.js';
import type { Progress } from './progress.js';

export interface ImportedSequence {
  sequence: DemoSequence;
  slotSequenceId: number;
}

export interface PipelineOptions {
  luco: LucoApi;
  sequences: readonly ImportedSequence[];
  startDate: string;
  today: string;
  now: Date;
  progress: Progress;
  signal?: AbortSignal | undefined;
}

export interface PipelineReport {
  /** Runs recorded now. */
  recorded: number;
  /** Slots that had a submission already (an earlier run of the demo): left alone. */
  alreadyRecorded: number;
  /** Runs that would end after now (today's, before its time): left for a later run. */
  notYetDue: number;
  /** Deliveries that never came, on purpose: their slots go Overdue. */
  neverCame: number;
}

/**
 * The demo pipeline: for every slot from the start date to today, the run that happened, recorded
 * after the fact with its real times (startedOn, occurredOn). Slots that already have a finished
 * submission are skipped, so running the demo again adds nothing.
 */
export async function runPipeline(options: PipelineOptions): Promise<PipelineReport> {
  const request: RequestOptions = options.signal ? { signal: options.signal } : {};
  const report: PipelineReport = { recorded: 0, alreadyRecorded: 0, notYetDue: 0, neverCame: 0 };
  const runs: RunPlan[] = [];
  for (const imported of options.sequences) {
    options.progress.update(`Planning ${displayName(imported.sequence.name)}...`);
    for (const slot of await slotsToPlan(options, imported, request)) {
      if (slot.recorded) {
        report.alreadyRecorded++;
        continue;
      }
      const plan = planRun(imported.sequence, slot);
      if (!plan) report.neverCame++;
      else if (plan.endedOn > options.now) report.notYetDue++;
      else runs.push(plan);
    }
  }
  // In time order, as a real pipeline would have sent them (and so submission ids follow time).
  runs.sort((a, b) => a.startedOn.getTime() - b.startedOn.getTime() || a.slotId - b.slotId);
  for (const [index, run] of runs.entries()) {
    options.progress.update(`Recording run ${index + 1}/${runs.length}: ${displayName(run.sequence.name)} ${run.tag}`);
    await recordRun(options.luco, run, request);
    report.recorded++;
  }
  return report;
}

type PlannableSlot = SlotToPlan & { recorded: boolean };

/**
 * A slot is recorded once it has a submission that finished. One left In Progress by an
 * interrupted demo does not count: the run is recorded again, and the slot follows the new one.
 */
function isRecorded(slot: SlotOverviewItem | undefined): boolean {
  return (slot?.submissions ?? 0) > 0 && slot?.lastSubmissionStatus !== 'InProgress';
}

async function slotsToPlan(options: PipelineOptions, imported: ImportedSequence, request: RequestOptions): Promise<PlannableSlot[]> {
  const { luco, startDate, today } = options;
  const { sequence, slotSequenceId } = imported;
  if (sequence.schedule) {
    // One overview of the sequence's slots (the server creates them up to today first) answers
    // "does this day have a submission yet?" for every day at once.
    const slots = await luco.slotsOverview({ slotSequenceId, sortBy: 'expectedBy', sortDir: 'asc' }, request).toArray();
    return slots
      .filter((slot) => typeof slot.tag === 'string' && slot.tag >= startDate && slot.tag <= today)
      .map((slot) => ({
        slotId: slot.slotId,
        tag: slot.tag!,
        date: slot.tag!,
        // Ordinal by position among the sequence's slots: incidents land on the same slots every time.
        ordinal: slots.indexOf(slot),
        expectedBy: slot.expectedBy ? new Date(slot.expectedBy) : null,
        recorded: isRecorded(slot),
      }));
  }
  const slots: PlannableSlot[] = [];
  for (const [ordinal, day] of (sequence.adHocDays ?? []).entries()) {
    const date = addDays(startDate, day);
    if (daysBetween(date, today) < 0) continue;
    const tag = `reprocess-${date}`;
    // An unscheduled sequence gets a slot per tag, made here the first time.
    const slotId = await luco.findSlotId(tag, sequence.name, request);
    const page = await luco.slotsOverview({ slotId }, request);
    slots.push({ slotId, tag, date, ordinal, expectedBy: null, recorded: isRecorded(page.items[0]) });
  }
  return slots;
}

/** One run, as the SDK records it: run environments, then each stage's metrics, quality and status. */
async function recordRun(luco: LucoApi, run: RunPlan, request: RequestOptions): Promise<void> {
  const submission = await luco.createSubmission(run.slotId, {
    ...request,
    startedOn: run.startedOn,
    // Where the run happened, as an orchestrator would record it (Luco reads platform and referenceUrl).
    runEnvironments: { platform: 'LucoTS demo', runId: `${run.sequence.key}-${run.tag}`, pipeline: 'packages/demo', trigger: run.sequence.schedule ? 'schedule' : 'manual' },
  });
  await submission.submitDetectedRunEnvironment(request);
  for (const stage of run.stages) {
    await submission.submitMetrics(stage.metrics, { ...request, stage: stage.name });
    if (stage.quality) await submission.submitQuality(stage.quality, { ...request, stage: stage.name });
    await submission.submitStatus(stage.failure ? 'Failed' : 'Completed', {
      ...request,
      stage: stage.name,
      occurredOn: stage.endedOn,
      ...(stage.failure ? { message: stage.failure } : {}),
    });
  }
  if (run.failure) await submission.submitFailedStatus(run.failure, { ...request, occurredOn: run.endedOn });
  else await submission.submitCompletedStatus({ ...request, occurredOn: run.endedOn });
}
