/**
 * The server as a library, for embedding it in another Node process or a test: build the app on
 * an opened, migrated database, then `listen()` or `inject()`. The `luco-server` binary
 * (src/cli/) is the usual way to run it.
 */
export { buildApp, type AppOptions } from './app.js';
export type { LucoApp } from './context.js';
export type { AuthSettings, OidcSettings } from './plugins/auth.js';
export { openDatabase, type DatabaseHandle, type OpenOptions } from './storage/db.js';
export { migrateToLatest } from './storage/migrate.js';
