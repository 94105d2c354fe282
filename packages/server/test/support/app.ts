import { type AppOptions, buildApp } from '../../src/app.js';
import type { LucoApp } from '../../src/context.js';
import type { AuthSettings } from '../../src/plugins/auth.js';
import type { KyselyPlugin } from 'kysely';
import { openDatabase, type DatabaseHandle } from '../../src/storage/db.js';
import { migrateToLatest } from '../../src/storage/migrate.js';
import { createPostgresDatabase, testDialect } from './test-database.js';

export interface TestApp {
  app: LucoApp;
  database: DatabaseHandle;
  /** Moves the app's clock (epoch ms). */
  clock: { now: number };
  close(): Promise<void>;
}

export const TEST_AUTH: AuthSettings = { enabled: true, resourceId: 'luco', issuer: 'luco-server' };

/**
 * A real app on a real database: a fresh in-memory SQLite, or a fresh PostgreSQL database when
 * the run is the PostgreSQL one (see test-database.ts), or the given target. Auth is off unless asked for, so domain tests stay short.
 */
export async function createTestApp(
  options: {
    target?: string;
    auth?: AuthSettings;
    now?: number;
    materializeDays?: number;
    alerts?: AppOptions['alerts'];
    alertDelivery?: AppOptions['alertDelivery'];
    logger?: AppOptions['logger'];
    uiRoot?: string;
    dashboardEvents?: AppOptions['dashboardEvents'];
    publicUrl?: string;
    gate?: AppOptions['gate'];
    openLineage?: AppOptions['openLineage'];
    /** Count the database's commits (`database.commits`). */
    countCommits?: boolean;
    /** Plugins on the app's database (e.g. to count its statements); the handle's own `db` has none. */
    plugins?: KyselyPlugin[];
  } = {},
): Promise<TestApp> {
  const scratch = options.target === undefined && testDialect() === 'postgres' ? await createPostgresDatabase() : undefined;
  const database = openDatabase(options.target ?? scratch?.url ?? ':memory:', options.countCommits ? { countCommits: true } : undefined);
  await migrateToLatest(database.db);
  const clock = { now: options.now ?? Date.parse('2026-11-27T12:00:00Z') };
  const app = await buildApp({
    database: options.plugins ? { ...database, db: options.plugins.reduce((db, plugin) => db.withPlugin(plugin), database.db) } : database,
    auth: options.auth ?? { ...TEST_AUTH, enabled: false },
    now: () => clock.now,
    materializeDays: options.materializeDays,
    alerts: options.publicUrl !== undefined ? { ...options.alerts, publicUrl: () => options.publicUrl! } : options.alerts,
    alertDelivery: options.alertDelivery,
    gate: options.gate,
    openLineage: options.openLineage,
    ...(options.logger !== undefined ? { logger: options.logger } : {}),
    ...(options.uiRoot !== undefined ? { uiRoot: options.uiRoot } : {}),
    ...(options.dashboardEvents !== undefined ? { dashboardEvents: options.dashboardEvents } : {}),
  });
  await app.ready();
  return {
    app,
    database,
    clock,
    close: async () => {
      await app.close();
      await database.close();
      await scratch?.drop();
    },
  };
}
