import { readFileSync } from 'node:fs';
import type { Role } from '../auth/index.js';
import { buildApp } from '../app.js';
import type { AuthSettings } from '../plugins/auth.js';
import { bootstrapAdmin } from '../services/bootstrap-admin.js';
import { IdempotencyRepository } from '../storage/repositories/idempotency.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { SERVER_VERSION } from '../version.js';
import { credentialsFolder, databaseTarget } from './config.js';

export interface ServeOptions {
  host: string;
  port: number;
  db?: string | undefined;
  tlsCert?: string | undefined;
  tlsKey?: string | undefined;
  auth: boolean;
  resourceId: string;
  issuer: string;
  oidcIssuer?: string | undefined;
  oidcAudience?: string | undefined;
  oidcJwksUrl?: string | undefined;
  oidcDefaultRole?: Role | undefined;
  logLevel: string;
  poolSize?: number | undefined;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;

/** `luco-server serve`: migrate, bootstrap the first admin, listen, and drain on SIGTERM/SIGINT. */
export async function serve(options: ServeOptions): Promise<void> {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new Error('--tls-cert and --tls-key go together');
  const oidcGiven = [options.oidcIssuer, options.oidcAudience, options.oidcJwksUrl].filter(Boolean).length;
  if (oidcGiven > 0 && oidcGiven < 3) throw new Error('--oidc-issuer, --oidc-audience and --oidc-jwks-url go together');

  const target = databaseTarget(options.db);
  const database = openDatabase(target, { poolSize: options.poolSize });
  const applied = await migrateToLatest(database.db);
  const auth: AuthSettings = {
    enabled: options.auth,
    resourceId: options.resourceId,
    issuer: options.issuer,
    oidc: oidcGiven === 3 ? { issuer: options.oidcIssuer!, audience: options.oidcAudience!, jwksUrl: options.oidcJwksUrl!, defaultRole: options.oidcDefaultRole } : undefined,
  };
  const https = options.tlsCert && options.tlsKey ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } : undefined;
  const app = await buildApp({
    database,
    auth,
    version: SERVER_VERSION,
    logger: {
      level: options.logLevel,
      redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: '[Redacted]' },
    },
    ...(https ? { https } : {}),
  });
  const log = app.log;
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  log.info({ database: database.location }, 'database ready');
  if (!options.auth) log.warn('authentication is OFF (--no-auth): every caller is an admin');

  if (options.auth) {
    const written = await bootstrapAdmin({ db: database.db, now: Date.now }, { folder: credentialsFolder(target, database.folder), resourceId: options.resourceId });
    if (written) log.warn({ file: written }, 'created the first admin client; its id and secret are in this file (owner-only)');
  }

  const sweeper = setInterval(() => {
    new IdempotencyRepository(database.db).sweep(Date.now()).catch((error: unknown) => log.warn({ err: error }, 'idempotency sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'draining in-flight requests, then closing the database');
    clearInterval(sweeper);
    // Keep-alive sockets become idle once their request is answered; close them as they do, so
    // the drain ends when the last in-flight request does, not at the keep-alive timeout.
    const idleCloser = setInterval(() => app.server.closeIdleConnections(), 50);
    app
      .close()
      .finally(() => clearInterval(idleCloser))
      .then(() => database.close())
      .then(() => process.exit(0))
      .catch((error: unknown) => {
        log.error({ err: error }, 'shutdown failed');
        process.exit(1);
      });
  };
  process.on('SIGTERM', () => shutdown('SIGTERM'));
  process.on('SIGINT', () => shutdown('SIGINT'));

  const address = await app.listen({ host: options.host, port: options.port });
  log.info({ url: address }, `luco-server ${SERVER_VERSION} listening`);
  // One plain line on stdout, for scripts that start the server and need its URL.
  process.stdout.write(`luco-server listening on ${address}\n`);
}
