import { Type } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from '../context.js';
import { pingDatabase } from '../storage/ping.js';

/** GET /healthz: answers once migrations ran and the database responds. Public. */
export async function healthRoutes(app: LucoApp, ctx: AppContext): Promise<void> {
  app.get(
    '/healthz',
    {
      schema: {
        tags: ['health'],
        summary: 'Readiness: the server is up and its database answers',
        security: [],
        response: { 200: Type.Object({ status: Type.Literal('ok'), database: Type.String() }, { $id: 'Health' }) },
      },
    },
    async () => {
      await pingDatabase(ctx.db);
      return { status: 'ok' as const, database: ctx.dialect };
    },
  );
}
