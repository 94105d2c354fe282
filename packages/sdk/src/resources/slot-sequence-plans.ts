/**
 * Slot sequences as code: plan an import (what it would do, value by value, changing nothing) and
 * apply exactly that plan. LucoTS-server extensions under `/lucots/v1/` (the hosted Luco API has
 * neither: a 404). Behind `LucoApi.planSlotSequences` and `applySlotSequences`.
 */
import { ConflictError, PlanOutdatedError, ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { nonEmptyString, plainText } from '../core/validate.js';
import type { ApplyOptions, PlannedSequence, PlanOptions, PlanResponse, SlotSequencePlan } from '../types/slot-sequence-plan.js';
import type { SlotSequenceConfig } from '../types/slot-sequence.js';
import { flattenName } from './slot-sequence-name.js';
import { importItems } from './slot-sequences.js';

const BASE = '/lucots/v1/slot-sequences';
const PLAN_OUTDATED = 'urn:lucots:problem:plan-outdated';

export class SlotSequencePlans {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** What importing the sequences (with an optional prune) would do; nothing is written. */
  async plan(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: PlanOptions & RequestOptions = {}): Promise<SlotSequencePlan> {
    const body = planBody(slotSequences, options);
    const { data } = await this.#http.request<PlanResponse>({ method: 'POST', path: `${BASE}/plan`, body, options });
    return toPlan(data, body.slotSequences.length);
  }

  /** Applies the plan whose fingerprint is `options.expectedFingerprint`; PlanOutdatedError (nothing applied) when the server changed since. */
  async apply(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: ApplyOptions & RequestOptions): Promise<SlotSequencePlan> {
    const expectedFingerprint = nonEmptyString('expectedFingerprint', options?.expectedFingerprint);
    if (!/^[0-9a-f]{64}$/.test(expectedFingerprint)) throw new ValidationError('expectedFingerprint', "must be a plan's fingerprint (64 lowercase hex digits)");
    const body = { ...planBody(slotSequences, options), expectedFingerprint };
    try {
      const { data } = await this.#http.request<PlanResponse>({ method: 'POST', path: `${BASE}/apply`, body, options });
      return toPlan(data, body.slotSequences.length);
    } catch (error) {
      if (error instanceof ConflictError && error.problem?.type === PLAN_OUTDATED) {
        throw new PlanOutdatedError({ status: error.status, method: error.method, path: error.path, headers: error.headers, body: error.body, requestId: error.requestId, cause: error });
      }
      throw error;
    }
  }
}

function planBody(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: PlanOptions) {
  // A plan may hold no item at all: with a prune, "none of these any more" is a real plan.
  const list = importItems(slotSequences, { allowEmpty: options.prune !== undefined });
  return {
    allowOverwrites: options.allowOverwrites ?? false,
    allowArchiving: options.allowArchiving ?? false,
    ignoreDeliveryConfig: options.ignoreDeliveryConfig ?? false,
    slotSequences: list,
    ...(options.prune !== undefined ? { prune: { scope: checkedScope(options.prune.scope) } } : {}),
  };
}

function checkedScope(scope: unknown): Record<string, string> {
  if (scope === null || typeof scope !== 'object' || Array.isArray(scope)) throw new ValidationError('prune.scope', 'must be an object of name parts, e.g. { client: "acme" }');
  const entries = Object.entries(scope as Record<string, unknown>);
  if (entries.length === 0) throw new ValidationError('prune.scope', 'must name at least one name part: a prune without a scope would reach every sequence');
  for (const [key, value] of entries) {
    nonEmptyString('prune.scope', key);
    if (typeof value !== 'string') throw new ValidationError(`prune.scope.${key}`, 'must be a string');
    plainText(`prune.scope.${key}`, value);
  }
  return scope as Record<string, string>;
}

function toPlan(data: PlanResponse, sent: number): SlotSequencePlan {
  return {
    fingerprint: data?.fingerprint ?? '',
    counts: {
      created: data?.createdCount ?? 0,
      exists: data?.existsCount ?? 0,
      notProcessed: data?.notProcessedCount ?? 0,
      updated: data?.updatedCount ?? 0,
      notUpdated: data?.notUpdatedCount ?? 0,
      archived: data?.archivedCount ?? 0,
    },
    items: (data?.slotSequenceImports ?? []).map(
      (item, index): PlannedSequence => ({
        name: flattenName(item.slotSequenceDefinition),
        definition: item.slotSequenceDefinition ?? [],
        slotSequenceId: item.slotSequenceId ?? null,
        result: item.result,
        pruned: item.pruned === true,
        changes: item.changes ?? [],
        notApplied: item.notApplied ?? [],
        errors: item.errors ?? [],
        index: index < sent && item.pruned !== true ? index : undefined,
      }),
    ),
  };
}
