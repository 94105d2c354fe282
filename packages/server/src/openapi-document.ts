import { buildApp } from './app.js';
import { openDatabase } from './storage/db.js';
import { migrateToLatest } from './storage/migrate.js';
import { SERVER_VERSION } from './version.js';

/** The OpenAPI document exactly as a running server serves it. */
export async function openApiDocument(): Promise<unknown> {
  const database = openDatabase(':memory:');
  try {
    await migrateToLatest(database.db);
    const app = await buildApp({ database, auth: { enabled: true, resourceId: 'luco', issuer: 'luco-server' }, version: SERVER_VERSION });
    await app.ready();
    const document = app.swagger();
    await app.close();
    return JSON.parse(JSON.stringify(document));
  } finally {
    await database.close();
  }
}
