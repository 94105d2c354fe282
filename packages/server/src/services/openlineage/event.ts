/**
 * The parts of an OpenLineage RunEvent (spec 2-0-x, facets as named in docs/openlineage.md) that
 * the ingest reads, after validation. Everything else an event carries is kept in the raw log only.
 */

export const EVENT_TYPES = ['START', 'RUNNING', 'COMPLETE', 'ABORT', 'FAIL', 'OTHER'] as const;
export type EventType = (typeof EVENT_TYPES)[number];
export const TERMINAL_EVENT_TYPES: ReadonlySet<EventType> = new Set(['COMPLETE', 'ABORT', 'FAIL']);

export type Facets = Record<string, Record<string, unknown>>;

export interface LineageDataset {
  namespace: string;
  name: string;
  facets: Facets;
  /** inputFacets of an input, outputFacets of an output. */
  ioFacets: Facets;
}

export interface LineageJobRef {
  namespace: string;
  name: string;
}

export interface RunEvent {
  /** `eventType`; an event without one is OTHER. */
  eventType: EventType;
  /** Epoch ms. */
  eventTime: number;
  producer: string;
  runId: string;
  job: LineageJobRef & { facets: Facets };
  runFacets: Facets;
  inputs: LineageDataset[];
  outputs: LineageDataset[];
  /** The facets the mapping reads, checked against their schemas. */
  nominalStartTime: number | undefined;
  parent: { runId: string; job: LineageJobRef } | undefined;
  errorMessage: string | undefined;
}

/** What came in: a RunEvent to apply, or a DatasetEvent/JobEvent (no run) that is acknowledged and ignored. */
export type ParsedEvent = { kind: 'run'; event: RunEvent; raw: unknown } | { kind: 'ignored'; eventKind: 'DatasetEvent' | 'JobEvent'; reason: string };

/**
 * The runs an event may write (its own and its parent's): writes of the same run never share a
 * transaction in flight, so a COMPLETE that follows its START closely waits for the START's commit
 * instead of on its uncommitted rows (GroupCommit.run).
 */
export function writeKeysOf(events: readonly ParsedEvent[]): string[] {
  const keys = new Set<string>();
  for (const parsed of events) {
    if (parsed.kind !== 'run') continue;
    keys.add(`lineage-run:${parsed.event.runId}`);
    if (parsed.event.parent) keys.add(`lineage-run:${parsed.event.parent.runId}`);
  }
  return [...keys];
}
