import Fastify, { type FastifyServerOptions } from 'fastify';
import type { TypeBoxTypeProvider } from '@fastify/type-provider-typebox';
import { KeyEncryptionKeys } from './auth/key-encryption.js';
import type { AppContext, LucoApp } from './context.js';
import { ChangeFeed } from './storage/change-feed.js';
import { AlertEngine } from './services/alerts/engine/engine.js';
import { NotificationSender, parseAlertTargets, type AlertTargetPolicy, type DeliveryOptions } from './services/alerts/delivery/index.js';
import { registerContentTypes } from './plugins/content-types.js';
import { registerErrorHandler } from './plugins/error-handler.js';
import { clientErrorHandler, frameworkErrors, MAX_PATH_PARAMETER_LENGTH } from './plugins/framework-errors.js';
import { registerOpenApi } from './plugins/openapi.js';
import { requestIdFor } from './plugins/request-id.js';
import { createValidatorCompiler } from './plugins/validators.js';
import { registerNulGuard } from './plugins/nul-guard.js';
import { registerAuth, type AuthSettings } from './plugins/auth.js';
import { registerIdempotency } from './plugins/idempotency.js';
import { healthRoutes } from './routes/health.js';
import { oauthRoutes } from './routes/oauth.js';
import { overviewRoutes } from './routes/overviews.js';
import { slotSequenceRoutes } from './routes/slot-sequences.js';
import { slotSequencePlanRoutes } from './routes/slot-sequence-plans.js';
import { slotRoutes } from './routes/slots.js';
import { submissionRoutes } from './routes/submissions/index.js';
import { alertRoutes } from './routes/alerts/index.js';
import { metricRuleRoutes } from './routes/metric-rules.js';
import { sessionRoutes } from './routes/sessions.js';
import { dashboardRoutes } from './routes/dashboard.js';
import { defaultUiRoot, registerDashboardUi } from './plugins/dashboard-ui.js';
import { DashboardEvents, type DashboardEventsOptions } from './services/events/dashboard-events.js';
import { TokenEndpointLimiter } from './auth/index.js';
import { gateRoutes } from './routes/gate.js';
import { openLineageRoutes } from './routes/openlineage.js';
import type { OpenLineageSettings } from './services/openlineage/config.js';

import { metricHistoryRoutes } from './routes/metric-history.js';
import { SlotWaiters } from './services/gate/slot-waiters.js';
import { type AlertDeliveryHooks, deliveryHooks } from './services/alerts/delivery-hooks.js';
import { DEFAULT_MATERIALIZE_DAYS } from './services/materialization/window.js';
import type { DatabaseHandle } from './storage/db.js';

export interface AppOptions {
  database: DatabaseHandle;
  auth: AuthSettings;
  /** Clock override for tests (epoch ms). */
  now?: () => number;
  /** Days before today whose scheduled slots are created ahead of need; default DEFAULT_MATERIALIZE_DAYS. */
  materializeDays?: number | undefined;
  /** Fastify logger options; false (default in tests) logs nothing. */
  logger?: FastifyServerOptions['logger'];
  /** Server version announced in the OpenAPI document. */
  version?: string;
  /** Serve https with this certificate and key (PEM). */
  https?: { cert: Buffer; key: Buffer };
  /** Proxies whose X-Forwarded-For is believed (request.ip), e.g. for per-address rate limits. */
  trustProxy?: number | string;
  /** Alerts: the URL people reach this server at (links), where channels may send, delivery settings. */
  alerts?: { publicUrl?: () => string; targets?: AlertTargetPolicy; delivery?: Partial<DeliveryOptions>; backfillMs?: number } | undefined;
  /** Replaces what the alerts API asks of delivery (tests: an instant test send). */
  alertDelivery?: Partial<AlertDeliveryHooks> | undefined;
  /** The dashboard's build folder, served at /ui/ (default: dist/ui of the server package). */
  uiRoot?: string | undefined;
  /** The dashboard's event streams (tests: a short keep-alive). */
  dashboardEvents?: DashboardEventsOptions | undefined;
  /** The gate's waiters: how often their slots are re-read in case a wake-up was missed (default 5 s). */
  gate?: { sweepMs?: number | undefined } | undefined;
  /** The OpenLineage mapping (docs/openlineage.md); default DEFAULT_OPENLINEAGE_SETTINGS. */
  openLineage?: OpenLineageSettings | undefined;
}

/** Builds the API without listening, so tests can `inject()` and the CLI can `listen()`. */
export async function buildApp(options: AppOptions): Promise<LucoApp> {
  const fastifyOptions = {
    logger: options.logger ?? false,
    genReqId: requestIdFor,
    requestIdHeader: false,
    bodyLimit: 10 * 1024 * 1024,
    routerOptions: { ignoreTrailingSlash: true, caseSensitive: false, maxParamLength: MAX_PATH_PARAMETER_LENGTH },
    // Idle keep-alive sockets must not hold up a graceful shutdown; busy ones finish first.
    forceCloseConnections: 'idle' as const,
    // Errors answered before a route runs (bad URL encoding, long path segments, oversized
    // headers) are problem documents too.
    frameworkErrors,
    clientErrorHandler,
    ...(options.https ? { https: options.https } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
  };
  // An https server has another type parameter; routes and plugins do not depend on it.
  const app = (Fastify(fastifyOptions as FastifyServerOptions) as unknown as LucoApp).withTypeProvider<TypeBoxTypeProvider>();

  const ctx: AppContext = {
    db: options.database.db,
    dialect: options.database.dialect,
    now: options.now ?? Date.now,
    materializeDays: options.materializeDays ?? DEFAULT_MATERIALIZE_DAYS,
    keyEncryption: options.auth.keyEncryption ?? KeyEncryptionKeys.ephemeral(),
    changes: new ChangeFeed(options.database.postgresUrl),
  };
  app.addHook('onClose', async () => ctx.changes.close());

  app.addHook('onSend', async (request, reply) => {
    reply.header('x-request-id', request.id);
    // Tells clients (the SDK) that a POST with the same Idempotency-Key is never applied twice.
    reply.header('x-luco-idempotency', 'honoured');
  });

  app.setValidatorCompiler(createValidatorCompiler());
  registerErrorHandler(app);
  registerContentTypes(app);
  registerNulGuard(app);
  await registerOpenApi(app, options.version ?? '0.1.0');
  await registerAuth(app, ctx, options.auth);
  registerIdempotency(app, ctx);

  await healthRoutes(app, ctx);
  // One budget of failed sign-ins, whether tried at the token endpoint or the dashboard's sign-in.
  const signInLimiter = new TokenEndpointLimiter();
  const publicUrl = options.alerts?.publicUrl ?? (() => 'http://localhost:8080');
  await oauthRoutes(app, ctx, options.auth, signInLimiter);
  await slotSequenceRoutes(app, ctx);
  await overviewRoutes(app, ctx);
  await slotRoutes(app, ctx);
  await submissionRoutes(app, ctx);
  await slotSequencePlanRoutes(app, ctx);
  await openLineageRoutes(app, ctx, options.openLineage);
  const targets = options.alerts?.targets ?? parseAlertTargets(undefined);
  await alertRoutes(app, ctx, { ...deliveryHooks(targets), ...options.alertDelivery });
  await metricRuleRoutes(app, ctx);
  const gateWaiters = new SlotWaiters(ctx, { sweepMs: options.gate?.sweepMs });
  app.decorate('gateWaiters', gateWaiters);
  // Before the server stops taking connections: waiting requests answer now, so a drain does not
  // wait out their long polls and clients ask again (of another instance, or after the restart).
  app.addHook('preClose', async () => gateWaiters.close());
  await gateRoutes(app, ctx, gateWaiters);
  await metricHistoryRoutes(app, ctx);
  await sessionRoutes(app, ctx, { limiter: signInLimiter, publicUrl });
  const events = new DashboardEvents(ctx, options.dashboardEvents);
  app.decorate('dashboardEvents', events);
  // Before the server stops accepting and waits for open requests: event streams never end by themselves.
  app.addHook('preClose', async () => events.close());
  await dashboardRoutes(app, ctx, events);
  await registerDashboardUi(app, options.uiRoot ?? defaultUiRoot());

  // Built with the app, started by `serve` (tests drive its passes themselves).
  const engine = new AlertEngine(ctx, {
    publicUrl,
    log: engineLog(app),
    ...(options.alerts?.backfillMs !== undefined ? { backfillMs: options.alerts.backfillMs } : {}),
  });
  const sender = new NotificationSender(ctx, { ...options.alerts?.delivery, ...(options.alerts?.targets ? { policy: options.alerts.targets } : {}), log: app.log });
  app.decorate('alertEngine', engine);
  app.decorate('notificationSender', sender);
  app.addHook('onClose', async () => {
    await engine.stop();
    await sender.stop();
  });
  return app;
}

declare module 'fastify' {
  interface FastifyInstance {
    alertEngine: AlertEngine;
    notificationSender: NotificationSender;
    dashboardEvents: DashboardEvents;
    gateWaiters: SlotWaiters;
  }
}

function engineLog(app: LucoApp) {
  return { info: (message: string) => app.log.info(message), warn: (message: string) => app.log.warn(message), error: (message: string) => app.log.error(message) };
}
