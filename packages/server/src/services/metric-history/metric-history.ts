import type { AppContext } from '../../context.js';
import type { SlotSequence } from '../../domain/slot-sequence.js';
import { notFound } from '../../errors.js';
import { MetricHistoryRepository, type MetricPoint } from '../../storage/repositories/metric-series.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { iso, isoOrNull } from '../../wire/instants.js';
import { formatName, type NamePart } from '../../wire/names.js';
import { parseInstant } from '../overviews/query.js';
import { decodeCursor, encodeCursor } from './cursor.js';

export type HistorySelection = 'latest' | 'every';
export type HistoryOrder = 'asc' | 'desc';

export interface MetricHistoryRequest {
  sequence: { name: readonly NamePart[] } | { id: number };
  metric: string;
  /** undefined: the submission-level values (recorded without a stage). */
  stage?: string | undefined;
  from?: string | undefined;
  to?: string | undefined;
  points?: HistorySelection | undefined;
  order?: HistoryOrder | undefined;
  limit: number;
  cursor?: string | undefined;
}

export interface MetricPointView {
  slotId: number;
  tag: string;
  slotTime: string;
  expectedBy: string | null;
  slotSubmissionId: number;
  status: MetricPoint['submissionStatus'];
  value: number;
  recordedOn: string;
}

export interface MetricHistoryView {
  slotSequenceId: number;
  metric: string;
  stage: string | null;
  points: HistorySelection;
  order: HistoryOrder;
  from: string | null;
  to: string | null;
  values: MetricPointView[];
  nonNumeric: number;
  truncated: boolean;
  nextCursor: string | null;
}

/** A sequence's history of one metric and stage, one answer page at a time (see MetricHistoryRepository). */
export class MetricHistoryService {
  readonly #series: MetricHistoryRepository;
  readonly #sequences: SlotSequenceRepository;

  constructor(ctx: AppContext) {
    this.#series = new MetricHistoryRepository(ctx.db);
    this.#sequences = new SlotSequenceRepository(ctx.db);
  }

  async history(request: MetricHistoryRequest): Promise<MetricHistoryView> {
    const problems: FieldProblem[] = [];
    const metric = request.metric;
    if (metric.trim() === '') problems.push({ field: 'metric', message: 'must not be blank' });
    if (request.stage !== undefined && request.stage.trim() === '') problems.push({ field: 'stage', message: 'must not be blank; leave it out for the values recorded without a stage' });
    const from = collect(problems, () => parseInstant('from', request.from, 'start'));
    const to = collect(problems, () => parseInstant('to', request.to, 'end'));
    const after = request.cursor === undefined ? undefined : collect(problems, () => decodeCursor('cursor', request.cursor!));
    if (from !== undefined && to !== undefined && from > to) problems.push({ field: 'from', message: `must not be after to (${request.to})` });
    if (problems.length > 0) throw new InputError(problems);

    const sequence = await this.#find(request.sequence);
    const points = request.points ?? 'latest';
    const order = request.order ?? 'asc';
    const stage = request.stage ?? null;
    const page = await this.#series.series({ slotSequenceId: sequence.id, metric, stage, from, to, every: points === 'every', order, limit: request.limit, after });
    const last = page.points.at(-1);
    return {
      slotSequenceId: sequence.id,
      metric,
      stage,
      points,
      order,
      from: isoOrNull(from ?? null),
      to: isoOrNull(to ?? null),
      values: page.points.map(view),
      nonNumeric: page.nonNumeric,
      truncated: page.truncated,
      nextCursor: page.truncated && last ? encodeCursor(last) : null,
    };
  }

  /** Archived sequences keep their history, so they are found too. */
  async #find(sequence: MetricHistoryRequest['sequence']): Promise<SlotSequence> {
    if ('id' in sequence) {
      const found = await this.#sequences.findById(sequence.id);
      if (!found) throw notFound(`No slot sequence has the id ${sequence.id}`, { reason: 'unknown-slot-sequence' });
      return found;
    }
    const found = await this.#sequences.findByName(sequence.name);
    if (!found) throw notFound(`Unknown slot sequence: none is named ${formatName(sequence.name)}`, { reason: 'unknown-slot-sequence' });
    return found;
  }
}

function view(point: MetricPoint): MetricPointView {
  const slotTime = iso(point.slotTime);
  return {
    slotId: point.slotId,
    tag: point.tag,
    slotTime,
    // A scheduled slot's time is its expectedBy: the text is written once.
    expectedBy: point.expectedBy === null ? null : point.expectedBy === point.slotTime ? slotTime : iso(point.expectedBy),
    slotSubmissionId: point.submissionId,
    status: point.submissionStatus,
    value: point.value,
    recordedOn: iso(point.recordedOn),
  };
}

/** The parsed value, or undefined with its problems added, so one answer names every bad field. */
function collect<T>(problems: FieldProblem[], parse: () => T): T | undefined {
  try {
    return parse();
  } catch (error) {
    if (!(error instanceof InputError)) throw error;
    problems.push(...error.problems);
    return undefined;
  }
}
