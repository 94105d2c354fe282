/**
 * The journal's records: one JSON object per line. An `op` record is a write waiting to be sent,
 * with the idempotency key it got when it was queued; a `done` record says it left the queue
 * (sent, dead-lettered or dropped) and, for a slot or submission, which real id it got; a `failed`
 * record counts the server errors about one write so far.
 */
import type { QualityAction } from '../quality/index.js';

/** Format version written in every operation record. */
export const RECORD_VERSION = 1;

export type OperationKind = 'slot' | 'submission' | 'metrics' | 'status' | 'quality' | 'runEnvironment';

/** A slot: a local handle (a `slot` operation's), its real id, or both once known. */
export interface SlotRef {
  handle?: string;
  slotId?: number;
}

/** A submission: a local handle (a `submission` operation's), its real ids, or both once known. */
export interface SubmissionRef {
  handle?: string;
  slotId?: number;
  submissionId?: number;
}

export interface SlotPayload {
  tag: string;
  /** The sequence name as ordered `[key, value]` pairs (what `findSlotId` sends). */
  slotSequence: Array<[string, string]>;
  createIfMissing: boolean;
}

export interface SubmissionPayload {
  /** When the run started: the time it was queued unless given; sent as `startedOn`. */
  startedOn: string;
}

export interface MetricsPayload {
  stage: string | null;
  metrics: Array<[string, number | string]>;
}

export interface StatusPayload {
  status: string;
  stage: string | null;
  type: string | null;
  message: string | null;
  modifiedBy: string | null;
  /** When it happened: the time it was queued unless given; sent as `occurredOn`. */
  occurredOn: string;
}

export interface QualityPayload {
  route: 'v1' | 'v2';
  /** v2: the check or collection as a dict; v1: the Great Expectations results as JSON text. */
  results: unknown;
  stage: string | null;
  action: QualityAction;
  tool: string | null;
  dataSet: string | null;
}

export interface RunEnvironmentPayload {
  stage: string | null;
  runData: Array<Record<string, unknown>>;
}

/** Which server a write is for: the LucoApi it was queued with (target.ts). */
export interface DeliveryTarget {
  /** The API's base URL, normalised (lower-case host, no default port, no trailing slash). */
  baseUrl: string;
  /** The client id of the credentials; null for an identity or Azure credential. */
  clientId: string | null;
}

interface OperationBase {
  t: 'op';
  v: number;
  /** Unique id of the operation (a UUID). */
  id: string;
  /** Order of queuing within the process that queued it. */
  seq: number;
  /** When it was queued (epoch ms). */
  at: number;
  /** The Idempotency-Key of every attempt, fixed when queued. */
  key: string;
  /**
   * The server it is for: the base URL and client id it was queued with. Absent in records of SDKs
   * before targets; such a record is delivered only by a queue told to (`deliverUntargeted`).
   */
  target?: DeliveryTarget;
}

export type OperationRecord = OperationBase &
  (
    | { kind: 'slot'; handle: string; payload: SlotPayload }
    | { kind: 'submission'; handle: string; slot: SlotRef; payload: SubmissionPayload }
    | { kind: 'metrics'; submission: SubmissionRef; payload: MetricsPayload }
    | { kind: 'status'; submission: SubmissionRef; payload: StatusPayload }
    | { kind: 'quality'; submission: SubmissionRef; payload: QualityPayload }
    | { kind: 'runEnvironment'; submission: SubmissionRef; payload: RunEnvironmentPayload }
  );

/** @internal An operation record before the queue stamps it (id, sequence, time, key, version). */
export type OperationSpec = OperationRecord extends infer R ? (R extends OperationRecord ? Omit<R, 't' | 'v' | 'id' | 'seq' | 'at' | 'key' | 'target'> : never) : never;

export type Outcome = 'sent' | 'dead' | 'dropped';

/** What a slot or submission operation resolved to. */
export interface HandleValue {
  slotId: number;
  submissionId?: number;
}

export interface DoneRecord {
  t: 'done';
  /** The operation's id. */
  id: string;
  at: number;
  outcome: Outcome;
  /** The real ids, for a sent slot or submission operation. */
  result?: HandleValue;
  /** Why it was dead-lettered or dropped. */
  reason?: string;
}

/**
 * A server error about one write (not the server as a whole): how many so far and since when, so
 * the bound after which the queue gives up on it holds across processes. The latest one counts.
 */
export interface FailureRecord {
  t: 'failed';
  /** The operation's id. */
  id: string;
  at: number;
  /** Server errors about it so far. */
  count: number;
  /** When the first one happened (epoch ms). */
  since: number;
}

export type JournalRecord = OperationRecord | DoneRecord | FailureRecord;

const KINDS: ReadonlySet<string> = new Set<OperationKind>(['slot', 'submission', 'metrics', 'status', 'quality', 'runEnvironment']);
const OUTCOMES: ReadonlySet<string> = new Set<Outcome>(['sent', 'dead', 'dropped']);

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** A structural check of a parsed line; a record that fails it is skipped on replay. */
export function isJournalRecord(value: unknown): value is JournalRecord {
  if (!isObject(value) || typeof value.id !== 'string' || typeof value.at !== 'number') return false;
  if (value.t === 'done') return typeof value.outcome === 'string' && OUTCOMES.has(value.outcome);
  if (value.t === 'failed') return typeof value.count === 'number' && typeof value.since === 'number';
  if (value.t !== 'op') return false;
  if (typeof value.kind !== 'string' || !KINDS.has(value.kind)) return false;
  if (typeof value.seq !== 'number' || typeof value.key !== 'string' || !isObject(value.payload)) return false;
  switch (value.kind) {
    case 'slot':
      return typeof value.handle === 'string';
    case 'submission':
      return typeof value.handle === 'string' && isObject(value.slot);
    default:
      return isObject(value.submission);
  }
}

/** One line of the journal (newline-terminated). */
export function encodeRecord(record: JournalRecord): string {
  return `${JSON.stringify(record)}\n`;
}

export interface DecodedJournal {
  records: JournalRecord[];
  /** Lines that could not be read: a torn last line after a crash, or damage. */
  skipped: Array<{ line: number; last: boolean; text: string }>;
}

/** Parses a journal's text; unreadable lines are skipped and reported, never fatal. */
export function decodeJournal(text: string): DecodedJournal {
  const records: JournalRecord[] = [];
  const skipped: DecodedJournal['skipped'] = [];
  const lines = text.split('\n');
  lines.forEach((raw, index) => {
    const line = raw.trim();
    if (line === '') return;
    const last = index === lines.length - 1; // no newline after it: the write never finished
    let parsed: unknown;
    try {
      parsed = JSON.parse(line);
    } catch {
      skipped.push({ line: index + 1, last, text: line.slice(0, 80) });
      return;
    }
    if (isJournalRecord(parsed)) records.push(parsed);
    else skipped.push({ line: index + 1, last, text: line.slice(0, 80) });
  });
  return { records, skipped };
}

/** Queue order: when queued, then the queuing process's sequence, then the id (a stable tie-break). */
export function compareOperations(a: OperationRecord, b: OperationRecord): number {
  return a.at - b.at || a.seq - b.seq || (a.id < b.id ? -1 : a.id > b.id ? 1 : 0);
}
