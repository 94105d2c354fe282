import { Type } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../context.js';
import type { SlotSequence } from '../domain/slot-sequence.js';
import { idSchema, problemResponses, repeatedQuery } from '../schemas/common.js';
import { SlotSequenceConfigSchema, SlotSequenceIdParams, SlotSequenceSchema, SlotSequenceSearchResultSchema } from '../schemas/slot-sequence.js';
import { ImportBodySchema, ImportResponseSchema } from '../schemas/slot-sequence-import.js';
import { SlotSequenceImportService } from '../services/slot-sequences/import.js';
import { toImportResponse } from './import-report.js';
import { SlotSequenceReadService } from '../services/slot-sequences/reads.js';
import { toSlotSequenceView } from '../services/slot-sequences/views.js';
import { parseQueryBoolean, QUERY_BOOLEAN_PATTERN } from '../wire/booleans.js';
import { iso } from '../wire/instants.js';
import { MAX_NAME_PARTS } from '../wire/limits.js';
import { parseDefinitionEntries, toWireName } from '../wire/names.js';

const queryBoolean = (description: string) => Type.Optional(Type.String({ pattern: QUERY_BOOLEAN_PATTERN, description: `${description} (true/false, True/False, 1/0)` }));

/** Slot sequences: import, export, search by name, and read by id. */
export async function slotSequenceRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const imports = new SlotSequenceImportService(ctx);
  const reads = new SlotSequenceReadService(ctx);

  app.post(
    '/v2/slotsequences/import',
    {
      config: { role: 'admin' },
      schema: {
        tags: ['slot sequences'],
        summary: 'Create, update and archive slot sequences from their config (the export format)',
        description:
          'Items are matched to sequences by name (active or archived) and applied one by one in input order, all in one transaction. ' +
          'New: Created (archived if isActive is false). Identical (type, parameters, isActive, and delivery unless ignoreDeliveryConfig): Exists. ' +
          'Archiving an active sequence: Archived with allowArchiving, else NotUpdated. Reactivating an archived one: Updated with allowOverwrites, else NotUpdated. ' +
          'Other differences: Updated with allowOverwrites, else NotUpdated. An invalid item, or a name already seen in this import: NotProcessed with errors.',
        body: ImportBodySchema,
        response: { 200: ImportResponseSchema, ...problemResponses(400, 401, 403, 409, 422) },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const flags = { allowOverwrites: body.allowOverwrites ?? false, allowArchiving: body.allowArchiving ?? false, ignoreDeliveryConfig: body.ignoreDeliveryConfig ?? false };
      return reply.sendWrite((trx) => imports.import(trx, body.slotSequences, flags), { status: 200, alone: true, answer: toImportResponse });
    },
  );

  app.get(
    '/v2/slotsequences/export',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['slot sequences'],
        summary: 'Slot sequences in the import format',
        querystring: Type.Object(
          {
            slotSequenceId: Type.Optional(repeatedQuery(idSchema('An id'), 'Ids to export, repeated; none exports every sequence (active and archived)')),
          },
          { additionalProperties: false },
        ),
        response: { 200: Type.Array(SlotSequenceConfigSchema, { description: 'The sequences, ordered by id' }), ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => reads.export(request.query.slotSequenceId ?? []),
  );

  app.get(
    '/slotsequences/search',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['slot sequences'],
        summary: 'Find a slot sequence id by its name',
        querystring: Type.Object(
          {
            isActive: queryBoolean('Search active (default) or archived sequences'),
            SlotSequenceDefinition: Type.Array(Type.String(), {
              minItems: 1,
              maxItems: MAX_NAME_PARTS,
              description: "One name part per value, repeated: `{position, key, value}` as JSON or as LucoPy's Python dict repr",
            }),
          },
          { additionalProperties: false },
        ),
        response: { 200: SlotSequenceSearchResultSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const name = parseDefinitionEntries(request.query.SlotSequenceDefinition, 'SlotSequenceDefinition');
      const isActive = parseQueryBoolean('isActive', request.query.isActive, true);
      const sequence = await reads.search(name, isActive);
      return { slotSequenceId: sequence.id, isActive: sequence.isActive, name: toWireName(sequence.name) };
    },
  );

  app.get(
    '/v2/slotsequences/:slotSequenceId',
    {
      config: { role: 'reader' },
      schema: {
        tags: ['slot sequences'],
        summary: 'A slot sequence with its parameters and (by default) delivery schedules',
        params: SlotSequenceIdParams,
        querystring: Type.Object({ includeDelivery: queryBoolean('Include `delivery` (default true)') }, { additionalProperties: false }),
        response: { 200: SlotSequenceSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request) => {
      const includeDelivery = parseQueryBoolean('includeDelivery', request.query.includeDelivery, true);
      const details = await reads.get(request.params.slotSequenceId);
      return {
        ...sequenceBody(details.sequence, includeDelivery),
        cadence: details.cadence,
        nextExpectedSlot: details.nextExpectedSlot,
      };
    },
  );
}

function sequenceBody(sequence: SlotSequence, includeDelivery: boolean) {
  return { ...toSlotSequenceView(sequence, includeDelivery), createdOn: iso(sequence.createdOn), updatedOn: iso(sequence.updatedOn) };
}

