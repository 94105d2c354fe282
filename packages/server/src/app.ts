import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import type { AppContext, LucoApp } from './context.js';
import { registerContentTypes } from './plugins/content-types.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { registerOpenApi } from './plugins/openapi.js';
import { requestIdFor } from './plugins/request-id.js';
import { createValidatorCompiler } from './plugins/validators.js';
import { registerAuth, type AuthSettings } from './plugins/auth.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { healthRoutes } from './routes/health.js';
import { oauthRoutes } from './routes/oauth.js';
import { overviewRoutes } from './routes/overviews.js';
import { slotSequenceRoutes } from './routes/slot-sequences.js';
import { slotRoutes } from './routes/slots.js';
import { submissionRoutes } from './routes/submissions.js';
import type { DatabaseHandle } from './storage/db.js';

export interface AppOptions {
  database: DatabaseHandle;
  auth: AuthSettings;
  /** Clock override for tests (epoch ms). */
  now?: () => number;
  /** Fastify logger options; false (default in tests) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /** Server version announced in the OpenAPI document. */
  version?: string;
  /** Serve https with this certificate and key (PEM). */
  https?: { cert: Buffer; key: Buffer };
}

/** Builds the API without listening, so tests can `inject()` and the CLI can `listen()`. */
export async function buildApp(options: AppOptions): Promise<LucoApp> {
  const fastifyOptions = {
    logger: options.logger ?? false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false },
    // Idle keep-alive sockets must not hold up a graceful shutdown; busy ones finish first.
    forceCloseConnections: 'idle' as const,
    ...(options.https ? { https: options.https } : {}),
  };
  // An https server has another type parameter; routes and plugins do not depend on it.
  const app = (Fastify(fastifyOptions as FastifyServerOptions) as unknown as LucoApp).withTypeProvider<TypeBoxTypeProvider>();

  const ctx: AppContext = { db: options.database.db, dialect: options.database.dialect, now: options.now ?? Date.now };

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Tells clients (the SDK) that a POST with the same Idempotency-Key is never applied twice.
    reply.header('x-luco-idempotency', 'honoured');
  });

  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  registerContentTypes(app);
  await registerOpenApi(app, options.version ?? '0.1.0');
  await registerAuth(app, ctx, options.auth);
  registerIdempotency(app, ctx);

  await healthRoutes(app, ctx);
  await oauthRoutes(app, ctx, options.auth);
  await slotSequenceRoutes(app, ctx);
  await overviewRoutes(app, ctx);
  await slotRoutes(app, ctx);
  await submissionRoutes(app, ctx);
  return app;
}
