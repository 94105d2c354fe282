import type { AppContext, LucoApp } from '../context.js';
import { problemResponses } from '../schemas/common.js';
import { MetricListSchema, MetricsBody, MetricsQuery, RecordedCountSchema } from '../schemas/metric-records.js';
import { QualityListSchema, QualityRecordedSchema, QualityV1Body, QualityV2Body, QualityV2Query } from '../schemas/quality-records.js';
import { RunEnvironmentBody, RunEnvironmentListSchema } from '../schemas/run-environment-records.js';
import { StatusEventBody, StatusEventListSchema, StatusRecordedSchema } from '../schemas/status-events.js';
import { SlotParams, SubmissionParams } from '../schemas/submission-common.js';
import { CreatedSubmissionSchema, CreateSubmissionBody, SubmissionDefinitionQuery, SubmissionDefinitionSchema } from '../schemas/submission-resources.js';
import { ClosestSubmissionQuery, ClosestSubmissionSchema, SubmissionsBySequenceQuery, SubmissionsBySequenceSchema } from '../schemas/submission-search.js';
import { MetricService } from '../services/metric-service.js';
import { QualityService } from '../services/quality-service.js';
import { RunEnvironmentService } from '../services/run-environment-service.js';
import { StatusEventService } from '../services/status-events.js';
import { ClosestSubmissionService, parseFindClosest } from '../services/submission-closest.js';
import { SubmissionListingService } from '../services/submission-listing.js';
import { SubmissionService } from '../services/submission-service.js';
import { parseTimeDifference } from '../services/submission-time-difference.js';
import { parseUtcInstant } from '../services/submission-window.js';
import { parseQueryBoolean } from '../wire/booleans.js';

const READ = { role: 'reader' as const };
const WRITE = { role: 'writer' as const };
const READ_ERRORS = problemResponses(400, 401, 403, 404);
const WRITE_ERRORS = problemResponses(400, 401, 403, 404, 409, 422);
const ONE = '/slots/:slotId/submissions/:submissionId';
const ONE_V2 = `/v2${ONE}`;

/**
 * Submissions and what is recorded on them (status, metrics, quality, run environments), plus the
 * two submission searches. Paths mix v1 and v2 exactly as LucoPy calls them.
 */
export async function submissionRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const submissions = new SubmissionService(ctx);
  const statuses = new StatusEventService(ctx);
  const metrics = new MetricService(ctx);
  const quality = new QualityService(ctx);
  const runEnvironments = new RunEnvironmentService(ctx);
  const closest = new ClosestSubmissionService(ctx);
  const listing = new SubmissionListingService(ctx);

  app.post(
    '/slots/:slotId/submissions',
    {
      schema: {
        tags: ['submissions'],
        summary: 'Start a submission (In Progress) on a slot',
        description: "No body needed. The slot's roll-up (submission count, last submission and its status) moves to the new submission.",
        params: SlotParams,
        body: CreateSubmissionBody,
        response: { 201: CreatedSubmissionSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
      // LucoPy sends no body at all; validate it as `{}`.
      preValidation: async (request) => {
        if (request.body === undefined || request.body === null) request.body = {};
      },
    },
    async (request, reply) => reply.sendWrite((trx) => submissions.create(trx, request.params.slotId, request.body?.startedOn), { status: 201 }),
  );

  app.get(
    ONE_V2,
    {
      schema: {
        tags: ['submissions'],
        summary: 'A submission with its slot and slot sequence',
        params: SubmissionParams,
        querystring: SubmissionDefinitionQuery,
        response: { 200: SubmissionDefinitionSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) =>
      submissions.definition(request.params.slotId, request.params.submissionId, parseQueryBoolean('includeDelivery', request.query.includeDelivery, false)),
  );

  app.post(
    `${ONE}/status`,
    {
      schema: {
        tags: ['status'],
        summary: 'Record a status event',
        description:
          "Stage `Submission` (any case) sets the submission's status: Completed/Failed set endedOn, In Progress clears it. A Failed event of any stage marks the submission as having failures (CompletedWithFailures once completed). The slot's roll-up follows its latest submission; the slot's first completion is its delivery time (late when after expectedBy).",
        params: SubmissionParams,
        body: StatusEventBody,
        response: { 201: StatusRecordedSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) =>
      reply.sendWrite((trx) => statuses.record(trx, request.params.slotId, request.params.submissionId, request.body, request.principal?.clientId), { status: 201 }),
  );

  app.get(
    `${ONE}/status`,
    {
      schema: { tags: ['status'], summary: 'The status history of a submission', params: SubmissionParams, response: { 200: StatusEventListSchema, ...READ_ERRORS } },
      config: READ,
    },
    async (request) => ({ statuses: await statuses.list(request.params.slotId, request.params.submissionId) }),
  );

  app.post(
    `${ONE_V2}/metrics`,
    {
      schema: {
        tags: ['metrics'],
        summary: 'Record metric values',
        params: SubmissionParams,
        body: MetricsBody,
        response: { 201: RecordedCountSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) => reply.sendWrite((trx) => metrics.record(trx, request.params.slotId, request.params.submissionId, request.body), { status: 201 }),
  );

  app.get(
    `${ONE}/metrics`,
    {
      schema: {
        tags: ['metrics'],
        summary: 'Metric values of a submission',
        params: SubmissionParams,
        querystring: MetricsQuery,
        response: { 200: MetricListSchema, ...READ_ERRORS },
      },
      config: READ,
    },
    async (request) => ({
      slotSubmissionMetrics: await metrics.list(request.params.slotId, request.params.submissionId, {
        stages: request.query.stages,
        metrics: request.query.metrics,
        includeDuplicates: parseQueryBoolean('includeDuplicates', request.query.includeDuplicates, false),
      }),
    }),
  );

  app.post(
    `${ONE}/quality`,
    {
      schema: {
        tags: ['quality'],
        summary: 'Record data-quality results, v1 (Great Expectations text)',
        params: SubmissionParams,
        body: QualityV1Body,
        response: { 201: QualityRecordedSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) => reply.sendWrite((trx) => quality.recordV1(trx, request.params.slotId, request.params.submissionId, request.body), { status: 201 }),
  );

  app.post(
    `${ONE_V2}/quality`,
    {
      schema: {
        tags: ['quality'],
        summary: 'Record data-quality results, v2 (a check collection or a single check)',
        params: SubmissionParams,
        querystring: QualityV2Query,
        body: QualityV2Body,
        response: { 201: QualityRecordedSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) =>
      reply.sendWrite((trx) => quality.recordV2(trx, request.params.slotId, request.params.submissionId, request.body, request.query), { status: 201 }),
  );

  for (const path of [`${ONE_V2}/quality`, `${ONE}/quality`]) {
    app.get(
      path,
      {
        schema: {
          tags: ['quality'],
          summary: `Data-quality results of a submission (${path.startsWith('/v2') ? 'v2' : 'v1'} path, same answer)`,
          params: SubmissionParams,
          response: { 200: QualityListSchema, ...READ_ERRORS },
        },
        config: READ,
      },
      async (request) => quality.list(request.params.slotId, request.params.submissionId),
    );
  }

  app.post(
    `${ONE}/runenvironment`,
    {
      schema: {
        tags: ['run environments'],
        summary: 'Record where and how the submission ran',
        params: SubmissionParams,
        body: RunEnvironmentBody,
        response: { 201: RecordedCountSchema, ...WRITE_ERRORS },
      },
      config: WRITE,
    },
    async (request, reply) => reply.sendWrite((trx) => runEnvironments.record(trx, request.params.slotId, request.params.submissionId, request.body), { status: 201 }),
  );

  app.get(
    `${ONE}/runenvironment`,
    {
      schema: { tags: ['run environments'], summary: 'Run environments of a submission', params: SubmissionParams, response: { 200: RunEnvironmentListSchema, ...READ_ERRORS } },
      config: READ,
    },
    async (request) => ({ runEnvironments: await runEnvironments.list(request.params.slotId, request.params.submissionId) }),
  );

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
