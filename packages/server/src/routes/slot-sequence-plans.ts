import type { AppContext, LucoApp } from '../context.js';
import { EXTENSION_NOTE } from '../schemas/alerts-common.js';
import { problemResponses } from '../schemas/common.js';
import { problemMeaning } from '../schemas/submission-common.js';
import { ApplyBodySchema, PlanBodySchema, PlanResponseSchema } from '../schemas/slot-sequence-plan.js';
import type { PlanRequest } from '../services/slot-sequences/fingerprint.js';
import { SlotSequencePlanService, type PlanReport } from '../services/slot-sequences/plan.js';
import { InputError } from '../wire/input-error.js';
import { toImportResponse } from './import-report.js';
import type { NamePart } from '../wire/names.js';

const BASE = '/lucots/v1/slot-sequences';
export const PLANS_TAG = 'slot sequences as code (LucoTS extension)';

/**
 * Slot sequences as code: plan (the v2 import, rolled back) and apply (the import, refused when
 * the plan is out of date). LucoTS extensions under /lucots/v1/, so a client pointed at the hosted
 * Luco API gets a 404 instead of a real import it took for a dry run.
 */
export async function slotSequencePlanRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const plans = new SlotSequencePlanService(ctx);

  app.post(
    `${BASE}/plan`,
    {
      // Nothing is committed, so readers may plan (a CI check on a pull request needs no admin), and a key has nothing to protect.
      config: { role: 'reader', idempotent: false },
      schema: {
        tags: [PLANS_TAG],
        summary: 'What an import would do, value by value, changing nothing',
        description:
          `${EXTENSION_NOTE} Runs POST /v2/slotsequences/import's own rules on the body in a transaction that is rolled back, and answers each item's outcome ` +
          'with the values it would write (before and after). With prune, the active sequences whose name has every part of prune.scope and that no item names ' +
          'would be Archived (listed after the items). fingerprint identifies the request and the stored state the outcomes depend on: POST .../apply with it ' +
          'applies exactly this plan, or nothing.',
        body: PlanBodySchema,
        response: { 200: PlanResponseSchema, ...problemResponses(400, 401, 403) },
      },
    },
    async (request) => toPlanResponse(await plans.plan(planRequest(request.body))),
  );

  app.post(
    `${BASE}/apply`,
    {
      config: { role: 'admin' },
      schema: {
        tags: [PLANS_TAG],
        summary: 'Apply a plan: the import (with prune), only if nothing it depends on changed since',
        description:
          `${EXTENSION_NOTE} The body is the plan's, with its fingerprint as expectedFingerprint. In one transaction: the fingerprint is computed again ` +
          '(on PostgreSQL after taking the import lock, so no other import commits in between) and, when it matches, the import runs and is committed; ' +
          'the answer has the same shape as the plan (real ids for Created).',
        body: ApplyBodySchema,
        response: {
          200: PlanResponseSchema,
          ...problemResponses(400, 401, 403, 422),
          ...problemMeaning(409, 'plan-outdated: the sequences the plan depends on changed since it was made, or the request is not the planned one; nothing was applied (expectedFingerprint and currentFingerprint say which). Or a request with the same Idempotency-Key is still being processed'),
        },
      },
    },
    async (request, reply) => {
      const planned = planRequest(request.body);
      return reply.sendWrite((trx) => plans.apply(trx, planned, request.body.expectedFingerprint), { status: 200, alone: true, answer: toPlanResponse });
    },
  );
}

interface PlanBody {
  allowOverwrites?: boolean | undefined;
  allowArchiving?: boolean | undefined;
  ignoreDeliveryConfig?: boolean | undefined;
  slotSequences: unknown[];
  prune?: { scope: Record<string, string> } | undefined;
}

function planRequest(body: PlanBody): PlanRequest {
  return {
    items: body.slotSequences,
    flags: { allowOverwrites: body.allowOverwrites ?? false, allowArchiving: body.allowArchiving ?? false, ignoreDeliveryConfig: body.ignoreDeliveryConfig ?? false },
    prune: body.prune ? pruneScope(body.prune.scope) : undefined,
  };
}

function pruneScope(scope: Record<string, string>): NamePart[] {
  const parts = Object.entries(scope).map(([key, value]) => ({ key, value }));
  const blank = parts.filter((part) => part.key.trim() === '');
  if (blank.length > 0) throw InputError.of('prune.scope', 'has a blank key; each key is a name part key such as client');
  return parts;
}

function toPlanResponse(report: PlanReport) {
  const wire = toImportResponse(report);
  return {
    fingerprint: report.fingerprint,
    ...wire,
    slotSequenceImports: report.items.map((item, index) => ({
      ...wire.slotSequenceImports[index]!,
      ...(item.pruned ? { pruned: true } : {}),
      changes: item.changes ?? [],
      ...(item.notApplied ? { notApplied: item.notApplied } : {}),
    })),
  };
}
