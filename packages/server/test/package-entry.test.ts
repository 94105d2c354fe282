import { expect, it } from 'vitest';
import { buildApp, migrateToLatest, openDatabase } from '../src/index.js';

it('the package entry builds a working app on an opened, migrated database', async () => {
  const database = openDatabase(':memory:');
  await migrateToLatest(database.db);
  const app = await buildApp({ database, auth: { enabled: false, resourceId: 'luco', issuer: 'luco-server' } });
  try {
    const health = await app.inject({ method: 'GET', url: '/healthz' });
    expect(health.statusCode).toBe(200);
  } finally {
    await app.close();
    await database.close();
  }
});
