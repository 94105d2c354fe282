import type { AppContext, LucoApp } from '../../context.js';
import { SubmissionParams } from '../../schemas/submission-common.js';
import { ClosestSubmissionQuery, ClosestSubmissionSchema, SubmissionsBySequenceQuery, SubmissionsBySequenceSchema } from '../../schemas/submission-search.js';
import { SubmissionListingService } from '../../services/submissions/by-sequence.js';
import { ClosestSubmissionService, parseFindClosest } from '../../services/submissions/closest.js';
import { parseUtcInstant } from '../../services/submissions/expected-window.js';
import { parseTimeDifference } from '../../services/submissions/time-difference.js';
import { parseQueryBoolean } from '../../wire/booleans.js';
import { ONE, READ, READ_ERRORS } from './common.js';

/** The two submission searches: the submission nearest another one, and a sequence's slots with their submissions. */
export async function submissionSearchRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const closest = new ClosestSubmissionService(ctx);
  const listing = new SubmissionListingService(ctx);

  app.get(
    `${ONE}/search`,
    {
      schema: {
        tags: ['submissions'],
        summary: 'The submission nearest this one in its slot sequence',
        description:
          "Searches the other slots of the reference slot's sequence by slot time (expectedBy, or creation for unscheduled slots). Target = reference slot time - TimeDifference (+ for future). 404 when nothing matches.",
        params: SubmissionParams,
        querystring: ClosestSubmissionQuery,
        response: { 200: ClosestSubmissionSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) => {
      const { OnlyCompletedSubmissions, FindClosest, TimeDifference } = request.query;
      return closest.find(request.params.slotId, request.params.submissionId, {
        onlyCompleted: parseQueryBoolean('OnlyCompletedSubmissions', OnlyCompletedSubmissions, false),
        mode: parseFindClosest(FindClosest),
        timeDifferenceMs: TimeDifference === undefined || TimeDifference === '' ? 0 : parseTimeDifference('TimeDifference', TimeDifference),
      });
    },
  );

  app.get(
    '/slotsequences/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Slots of a sequence with their submissions',
        description: 'Every flag defaults to true, so the default answer is the latest delivered slot with its latest completed submission. 404 for an unknown sequence.',
        querystring: SubmissionsBySequenceQuery,
        response: { 200: SubmissionsBySequenceSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) => {
      const query = request.query;
      return {
        slots: await listing.list({
          definition: query.SlotSequenceDefinition,
          onlyLatestSlot: parseQueryBoolean('OnlyLatestSlot', query.OnlyLatestSlot, true),
          onlyDeliveredSlots: parseQueryBoolean('OnlyDeliveredSlots', query.OnlyDeliveredSlots, true),
          onlyCompletedSubmissions: parseQueryBoolean('OnlyCompletedSubmissions', query.OnlyCompletedSubmissions, true),
          onlyLatestSubmission: parseQueryBoolean('OnlyLatestSubmission', query.OnlyLatestSubmission, true),
          expectedAfter: query.ExpectedAfterUtc ? parseUtcInstant('ExpectedAfterUtc', query.ExpectedAfterUtc) : undefined,
          expectedBefore: query.ExpectedBeforeUtc ? parseUtcInstant('ExpectedBeforeUtc', query.ExpectedBeforeUtc) : undefined,
        }),
      };
    },
  );
}
