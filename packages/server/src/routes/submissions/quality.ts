import type { AppContext, LucoApp } from '../../context.js';
import { QualityListSchema, QualityRecordedSchema, QualityV1Body, QualityV2Body, QualityV2Query } from '../../schemas/quality-records.js';
import { SubmissionParams } from '../../schemas/submission-common.js';
import { QualityService } from '../../services/quality/quality.js';
import { ONE, ONE_V2, READ, READ_ERRORS, WRITE, WRITE_ERRORS } from './common.js';

/** Data-quality results of a submission: recording them (v1 and v2 bodies) and reading them (either path). */
export async function qualityRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  const quality = new QualityService(ctx);

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
}
