import type { StatusEvent } from '../api/types';

/** One stage of a run on the status timeline: when it started, how it ended, how long it took. */
export interface StageSpan {
  stage: string;
  status: string;
  start: number;
  /**
   * The stage reported only how it ended, so its start is taken from the run: the end of the
   * stage before it, or the run's start for the first stage and for the run as a whole.
   */
  startInferred: boolean;
  /** When the stage last reported Completed or Failed; null while it runs. */
  end: number | null;
  durationMs: number | null;
  events: StatusEvent[];
  /** Where the bar sits on the run's time axis, in percent of the whole run. */
  offsetPercent: number;
  widthPercent: number;
}

export interface Timeline {
  stages: StageSpan[];
  start: number | null;
  end: number | null;
}

const TERMINAL = new Set(['completed', 'failed']);

export function isTerminalStatus(status: string): boolean {
  return TERMINAL.has(status.replace(/\s/g, '').toLowerCase());
}

/** The stage LucoPy and the SDK report the whole run's end under (`completed()` / `failed()`). */
const RUN_STAGES = new Set(['(run)', 'submission']);

/** The name a stage goes by; events without one belong to the run as a whole. */
export function stageName(stage: string | null): string {
  return stage === null || stage === '' ? '(run)' : stage;
}

/**
 * The stages of a submission from its status events (any order): in the order each first
 * reported, each spanning its first event to its last Completed or Failed one, laid on a shared
 * axis from the first event to the last end (or `now` while something still runs). Pipelines
 * often report only a stage's end; such a stage starts where the one before it ended (the run's
 * `runStart` for the first stage and for the run itself), so its bar and duration still mean something.
 */
export function buildTimeline(events: readonly StatusEvent[], now: number = Date.now(), runStart?: number): Timeline {
  const sorted = [...events].sort((a, b) => Date.parse(a.createdOn) - Date.parse(b.createdOn) || a.statusId - b.statusId);
  const byStage = new Map<string, StatusEvent[]>();
  for (const event of sorted) {
    const name = stageName(event.stage);
    const list = byStage.get(name);
    if (list) list.push(event);
    else byStage.set(name, [event]);
  }
  const knownRunStart = runStart !== undefined && Number.isFinite(runStart) ? runStart : undefined;
  const spans: Omit<StageSpan, 'offsetPercent' | 'widthPercent'>[] = [];
  let previousEnd: number | undefined;
  for (const [stage, stageEvents] of byStage) {
    const first = stageEvents[0];
    const last = stageEvents[stageEvents.length - 1];
    if (!first || !last) continue;
    const reported = Date.parse(first.createdOn);
    const end = isTerminalStatus(last.status) ? Date.parse(last.createdOn) : null;
    const onlyEnded = stageEvents.every((event) => isTerminalStatus(event.status));
    const isRun = RUN_STAGES.has(stage.toLowerCase());
    const inferred = onlyEnded ? (isRun ? knownRunStart : (previousEnd ?? knownRunStart)) : undefined;
    const start = inferred !== undefined && inferred <= reported ? inferred : reported;
    spans.push({ stage, status: last.status, start, startInferred: start !== reported, end, durationMs: end === null ? null : end - start, events: stageEvents });
    if (end !== null && !isRun) previousEnd = Math.max(previousEnd ?? end, end);
  }
  if (spans.length === 0) return { stages: [], start: null, end: null };
  const axisStart = Math.min(...spans.map((span) => span.start));
  const running = spans.some((span) => span.end === null);
  const axisEnd = Math.max(...spans.map((span) => span.end ?? span.start), running ? Math.max(now, axisStart) : axisStart);
  const length = axisEnd - axisStart;
  const stages = spans.map((span) => {
    if (length <= 0) return { ...span, offsetPercent: 0, widthPercent: 100 };
    const offsetPercent = ((span.start - axisStart) / length) * 100;
    const spanEnd = span.end ?? axisEnd;
    return { ...span, offsetPercent, widthPercent: Math.max(((spanEnd - span.start) / length) * 100, 0.5) };
  });
  return { stages, start: axisStart, end: running ? null : axisEnd };
}
