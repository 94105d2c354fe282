import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Role } from '../auth/index.js';
import { buildApp } from '../app.js';
import { loadOpenLineageSettings } from './openlineage-config.js';
import type { AuthSettings } from '../plugins/auth.js';
import { adoptLegacyCredentials, bootstrapAdmin } from '../services/clients/bootstrap-admin.js';
import { IdempotencyRepository } from '../storage/repositories/idempotency.js';
import { SequenceStatsRepository } from '../storage/repositories/overviews/sequence-stats.js';
import { SlotTotalRepository } from '../storage/repositories/overviews/slot-total.js';
import { DatabaseSigningKeyStore } from '../storage/repositories/signing-keys.js';
import { openDatabase } from '../storage/db.js';
import { tightenPrivateFile } from '../storage/private-files.js';
import { migrateToLatest } from '../storage/migrate.js';
import { SERVER_VERSION } from '../version.js';
import { adminCredentialsFile, legacyAdminCredentialsFile } from './admin-credentials-file.js';
import { databaseTarget, parseBackfillDays, type LogFormat, type LogLevel, type TrustProxy } from './config.js';
import { keySourceFor, loadKeyEncryption } from './key-encryption-source.js';
import { serverLoggerOptions } from './logging.js';
import { serverClock } from './test-clock.js';
import { parseAlertTargets } from '../services/alerts/delivery/index.js';
import { faultInjectionArmed } from '../storage/fault-injection.js';
import { parseSetting } from './usage-error.js';

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
  logLevel: LogLevel;
  logFormat: LogFormat;
  poolSize?: number | undefined;
  /** The file of key-encryption keys (else LUCO_KEY_ENCRYPTION_KEY, LUCO_KEY_FILE, or one beside a SQLite file). */
  keyFile?: string | undefined;
  /** Proxies whose X-Forwarded-For names the caller (for the token endpoint's per-address limits and the logs). */
  trustProxy?: TrustProxy | undefined;
  materializeDays?: number | undefined;
  /** The URL people reach the server at, for alert links; default: the listening address. */
  publicUrl?: string | undefined;
  /** --alert-targets: where alert channels may send besides public https hosts. */
  alertTargets?: string | undefined;
  /** --alert-backfill-days (else LUCO_ALERT_BACKFILL_DAYS). */
  alertBackfillDays?: number | undefined;
  /** false: this instance runs neither the deadline engine nor the notification sender. */
  alertEngine?: boolean | undefined;
  /** --ui-dir: the dashboard build folder (default: dist/ui of the server package). */
  uiDir?: string | undefined;
  /** --openlineage-config: the JSON file of the OpenLineage mapping (docs/openlineage.md). */
  openlineageConfig?: string | undefined;
  /** --openlineage-create-sequences: unknown jobs get an unscheduled sequence. */
  openlineageCreateSequences?: boolean | undefined;
}

const SWEEP_INTERVAL_MS = 60 * 60 * 1000;
const OVERVIEW_FOLD_INTERVAL_MS = 5_000;

/** `luco-server serve`: migrate, bootstrap the first admin, listen, and drain on SIGTERM/SIGINT. */
export async function serve(options: ServeOptions): Promise<void> {
  if (Boolean(options.tlsCert) !== Boolean(options.tlsKey)) throw new Error('--tls-cert and --tls-key go together');
  const openLineage = loadOpenLineageSettings(options.openlineageConfig, options.openlineageCreateSequences);
  const oidcGiven = [options.oidcIssuer, options.oidcAudience, options.oidcJwksUrl].filter(Boolean).length;
  if (oidcGiven > 0 && oidcGiven < 3) throw new Error('--oidc-issuer, --oidc-audience and --oidc-jwks-url go together');

  const target = databaseTarget(options.db);
  const crashPoint = parseSetting('LUCO_FAULT_INJECTION', process.env.LUCO_FAULT_INJECTION ?? '', () => faultInjectionArmed());
  // Before connecting: a PostgreSQL server without its key-encryption key stops here.
  const keySource = keySourceFor(target, options.keyFile);
  // File-mode warnings come before the logger exists; they are logged once it does.
  const warnings: string[] = [];
  const warn = (message: string) => void warnings.push(message);
  const database = openDatabase(target, { poolSize: options.poolSize, warn });
  const applied = await migrateToLatest(database.db);
  const { keys, createdFile } = await loadKeyEncryption(keySource, database.db, { warn });
  // Plaintext keys of an older database, or keys sealed with an older key of the ring, are sealed anew.
  const resealed = await new DatabaseSigningKeyStore(database.db, keys).resealAll();
  const auth: AuthSettings = {
    enabled: options.auth,
    resourceId: options.resourceId,
    issuer: options.issuer,
    oidc: oidcGiven === 3 ? { issuer: options.oidcIssuer!, audience: options.oidcAudience!, jwksUrl: options.oidcJwksUrl!, defaultRole: options.oidcDefaultRole } : undefined,
    keyEncryption: keys,
  };
  const https = options.tlsCert && options.tlsKey ? { cert: readFileSync(options.tlsCert), key: readFileSync(options.tlsKey) } : undefined;
  const alertTargets = parseSetting(options.alertTargets === undefined ? 'LUCO_ALERT_TARGETS' : '--alert-targets', options.alertTargets ?? process.env.LUCO_ALERT_TARGETS ?? '', (text) => parseAlertTargets(text === '' ? undefined : text));
  const backfillDays = options.alertBackfillDays ?? (process.env.LUCO_ALERT_BACKFILL_DAYS ? parseSetting('LUCO_ALERT_BACKFILL_DAYS', process.env.LUCO_ALERT_BACKFILL_DAYS, parseBackfillDays) : undefined);
  const clock = parseSetting('LUCO_CLOCK_OFFSET_MS', process.env.LUCO_CLOCK_OFFSET_MS ?? '', () => serverClock());
  // Until the server listens its address is unknown; links use it unless --public-url says otherwise.
  const publicUrl = { value: options.publicUrl ?? (process.env.LUCO_PUBLIC_URL || undefined) };
  const app = await buildApp({
    database,
    auth,
    version: SERVER_VERSION,
    materializeDays: options.materializeDays,
    now: clock.now,
    alerts: { publicUrl: () => publicUrl.value ?? 'http://localhost:8080', targets: alertTargets, ...(backfillDays !== undefined ? { backfillMs: backfillDays * 86_400_000 } : {}) },
    logger: serverLoggerOptions({ level: options.logLevel, format: options.logFormat }),
    ...(https ? { https } : {}),
    ...(options.trustProxy !== undefined ? { trustProxy: options.trustProxy } : {}),
    ...(options.uiDir !== undefined ? { uiRoot: resolve(options.uiDir) } : {}),
    openLineage,
  });
  const log = app.log;
  if (crashPoint) log.warn({ crashPoint }, 'LUCO_FAULT_INJECTION is set: this server kills itself at that point (for tests only)');
  for (const message of warnings) log.warn(message);
  if (applied.length > 0) log.info({ migrations: applied }, 'database migrated');
  log.info({ database: database.location }, 'database ready');
  if (createdFile) log.warn({ file: createdFile }, 'created the key file that encrypts the token-signing keys (owner-only): back it up apart from the database');
  if (resealed > 0) log.info({ signingKeys: resealed, keyId: keys.currentId }, 'encrypted signing keys with the current key-encryption key');
  if (!options.auth) log.warn('authentication is OFF (--no-auth): every caller is an admin');
  if (clock.offsetMs !== 0) log.warn({ offsetMs: clock.offsetMs }, 'LUCO_CLOCK_OFFSET_MS shifts this server\'s clock (for tests only)');

  if (options.auth) {
    const file = adminCredentialsFile(target);
    const ctx = { db: database.db, now: Date.now };
    const written = await bootstrapAdmin(ctx, { file, resourceId: options.resourceId, warn: (message) => log.warn(message) });
    if (written) log.warn({ file: written }, 'created the first admin client; its id and secret are in this file (owner-only)');
    else {
      const legacy = legacyAdminCredentialsFile(file);
      if (await adoptLegacyCredentials(ctx, { legacy, file })) log.warn({ from: legacy, file }, "renamed this database's admin credentials file: each database now has its own");
      // One left by an older version may be more open: it holds an admin secret.
      tightenPrivateFile(file, (message) => log.warn(message));
    }
  }

  const sweeper = setInterval(() => {
    new IdempotencyRepository(database.db).sweep(Date.now()).catch((error: unknown) => log.warn({ err: error }, 'idempotency sweep failed'));
  }, SWEEP_INTERVAL_MS);
  sweeper.unref();
  // Kept overview figures folded often, so reading them stays constant-time: each sequence's
  // failed count, last delivery and earliest unsubmitted slot, and on PostgreSQL the slot total. Once at start too: a
  // database written while no server ran (an upgrade, a bulk load) may have many marks.
  const fold = () => {
    new SequenceStatsRepository(database.db, database.dialect).fold().catch((error: unknown) => log.warn({ err: error }, 'folding the sequence figures failed'));
    if (database.dialect === 'postgres') new SlotTotalRepository(database.db).fold().catch((error: unknown) => log.warn({ err: error }, 'folding the slot total failed'));
  };
  fold();
  const folder = setInterval(fold, OVERVIEW_FOLD_INTERVAL_MS);
  folder.unref();

  let closing = false;
  const shutdown = (signal: string) => {
    if (closing) return;
    closing = true;
    log.info({ signal }, 'draining in-flight requests, then closing the database');
    clearInterval(sweeper);
    clearInterval(folder);
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
  publicUrl.value ??= address;
  if (options.alertEngine !== false) {
    app.alertEngine.start();
    app.notificationSender.start();
  }
  log.info({ url: address }, `luco-server ${SERVER_VERSION} listening`);
  // One plain line on stdout, for scripts that start the server and need its URL.
  process.stdout.write(`luco-server listening on ${address}\n`);
}
