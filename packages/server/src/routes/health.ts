import { Type } from '@fastify/type-provider-typebox';
import { sql } from 'kysely';
import type { AppContext, LucoApp } from '../context.js';

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
      await sql`select 1`.execute(ctx.db);
      return { status: 'ok' as const, database: ctx.dialect };
    },
  );
}
