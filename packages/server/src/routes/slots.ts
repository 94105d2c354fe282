import type { AppContext, LucoApp } from '../context.js';
import { problemResponses } from '../schemas/common.js';
import { CreateSlotBody, SlotSchema, SlotSearchQuery } from '../schemas/slot-lookup.js';
import { problemMeaning } from '../schemas/submission-common.js';
import { SlotLookupService } from '../services/slots/lookup.js';

/** Finding slots by tag (GET /slots/search/) and creating unscheduled ones (POST /slots/). */
export async function slotRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const slots = new SlotLookupService(ctx);

  app.get(
    '/slots/search',
    {
      schema: {
        tags: ['slots'],
        summary: 'Find the slot of a sequence by tag',
        description:
          'Unknown or archived sequence: 404. Scheduled sequence: an existing slot with the tag, or, for a date (YYYY-MM-DD) the schedule expects, its slot (created on first use); any other tag is a 404. Unscheduled sequence: an existing slot with the tag, else 404 (then POST /slots/ creates it).',
        querystring: SlotSearchQuery,
        response: { 200: SlotSchema, ...problemResponses(400, 401, 403, 404) },
      },
      config: { role: 'reader' },
    },
    async (request) => slots.search(request.query.Tag, request.query.SlotSequenceDefinition),
  );

  app.post(
    '/slots',
    {
      schema: {
        tags: ['slots'],
        summary: 'Create a slot of an unscheduled sequence',
        description:
          '201 with the new slot, or 200 with the existing slot when the tag is taken (concurrent creators of one tag get one slot). A scheduled sequence (its slots come from its schedule) or an archived one: 409. Unknown sequence: 404.',
        body: CreateSlotBody,
        response: {
          200: SlotSchema,
          201: SlotSchema,
          ...problemResponses(400, 401, 403, 404, 422),
          ...problemMeaning(409, 'The sequence is scheduled or archived, or a request with the same Idempotency-Key is still being processed'),
        },
      },
      config: { role: 'writer' },
    },
    async (request, reply) =>
      reply.sendWrite((trx) => slots.create(trx, request.body), { status: (result) => (result.created ? 201 : 200), answer: (result) => result.slot }),
  );
}
