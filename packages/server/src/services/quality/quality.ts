import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { QualityRepository, type QualityAction, type QualityRecord } from '../../storage/repositories/quality.js';
import { derivedAction, normaliseQualityBody, parseQualityAction, v1Results } from './rules.js';
import { iso } from '../../wire/instants.js';
import { requireSubmissionOf } from '../submissions/access.js';
import { recordSlotHealth } from '../alerts/slot-health.js';
import { v1Collections, type CollectionBody } from './v1-collections.js';

export interface QualityV1Input {
  stage?: string | null | undefined;
  runId?: string | null | undefined;
  tool: string;
  results: unknown;
  dataSet?: string | null | undefined;
  action: string;
}

export interface QualityRecorded {
  qualityId: number;
  action: QualityAction;
  /** Whether the results passed; null when v1 results do not say. */
  success: boolean | null;
}

export interface QualityResultView {
  qualityId: number;
  version: 1 | 2;
  stage: string | null;
  tool: string | null;
  results: string;
  dataSet: string | null;
  action: QualityAction | null;
  success: boolean | null;
  createdOn: string;
}

/** A stored v2 collection (every field as sent) with its record's details. */
export interface QualityCollectionView {
  [field: string]: unknown;
  qualityId: number;
  checks: Array<Record<string, unknown> & { check: string; success: boolean }>;
  success: boolean;
  stage: string | null;
  action: QualityAction;
  createdOn: string;
}

export interface QualityListView {
  collections: QualityCollectionView[];
  qualityResults: QualityResultView[];
}

export class QualityService {
  constructor(private readonly ctx: AppContext) {}

  /** The v1 (Great Expectations) route: results kept as text. */
  async recordV1(trx: Kysely<Database>, slotId: number, submissionId: number, input: QualityV1Input): Promise<QualityRecorded> {
    const action = parseQualityAction('action', input.action);
    const results = v1Results(input.results);
    await requireSubmissionOf(trx, slotId, submissionId, this.ctx.db);
    const qualityId = await new QualityRepository(trx).insert(submissionId, {
      version: 1,
      stage: input.stage ?? null,
      action,
      tool: input.tool,
      dataSet: input.dataSet ?? null,
      runId: input.runId ?? null,
      body: results.text,
      success: results.success,
      createdOn: this.ctx.now(),
    });
    await recordSlotHealth(this.ctx, trx, slotId, this.ctx.now());
    return { qualityId, action, success: results.success };
  }

  /** The v2 route: a collection or a single check, stored as a collection. */
  async recordV2(trx: Kysely<Database>, slotId: number, submissionId: number, body: unknown, query: { stage?: string | undefined; action?: string | undefined }): Promise<QualityRecorded> {
    const { collection, demandsStop } = normaliseQualityBody(body);
    const action = query.action !== undefined && query.action !== '' ? parseQualityAction('action', query.action) : derivedAction(demandsStop);
    await requireSubmissionOf(trx, slotId, submissionId, this.ctx.db);
    const qualityId = await new QualityRepository(trx).insert(submissionId, {
      version: 2,
      stage: query.stage === undefined || query.stage === '' ? null : query.stage,
      action,
      tool: typeof collection.tool === 'string' ? collection.tool : null,
      dataSet: typeof collection.dataSet === 'string' ? collection.dataSet : null,
      runId: null,
      body: JSON.stringify(collection),
      success: collection.success,
      createdOn: this.ctx.now(),
    });
    await recordSlotHealth(this.ctx, trx, slotId, this.ctx.now());
    return { qualityId, action, success: collection.success };
  }

  /**
   * Both shapes LucoPy reads: `collections` (1.3.9+: every record as collections, v1 results
   * converted) and `qualityResults` (1.2.7-1.3.8: every record, `results` as JSON text, the v2
   * ones as their collection's JSON).
   */
  async list(slotId: number, submissionId: number): Promise<QualityListView> {
    await requireSubmissionOf(this.ctx.db, slotId, submissionId);
    const records = await new QualityRepository(this.ctx.db).list(submissionId);
    return {
      collections: records.flatMap(toCollectionViews),
      qualityResults: records.map(toResultView),
    };
  }
}

/** A v2 record's collection as stored; a v1 record's results converted (one collection per GE suite). */
function toCollectionViews(record: QualityRecord): QualityCollectionView[] {
  const collections = record.version === 2 ? [JSON.parse(record.body) as CollectionBody] : v1Collections(record);
  return collections.map((collection) => ({ ...collection, qualityId: record.id, stage: record.stage, action: record.action ?? 'Continued', createdOn: iso(record.createdOn) }));
}

function toResultView(record: QualityRecord): QualityResultView {
  return {
    qualityId: record.id,
    version: record.version,
    stage: record.stage,
    tool: record.tool,
    results: record.body,
    dataSet: record.dataSet,
    action: record.action,
    success: record.success,
    createdOn: iso(record.createdOn),
  };
}
