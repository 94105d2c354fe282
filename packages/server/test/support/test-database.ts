import { randomUUID } from 'node:crypto';
import pg from 'pg';

/**
 * Which database the server tests run on: SQLite by default; PostgreSQL when the vitest project
 * sets LUCO_TEST_DB=postgres, using the cluster named by LUCO_TEST_PG_URL (.ci/run starts one).
 * Each test app gets a fresh database, so tests never see each other's rows.
 */
export function testDialect(): 'sqlite' | 'postgres' {
  return process.env.LUCO_TEST_DB === 'postgres' ? 'postgres' : 'sqlite';
}

export function postgresAdminUrl(): string {
  const url = process.env.LUCO_TEST_PG_URL;
  if (!url) throw new Error('LUCO_TEST_DB=postgres needs LUCO_TEST_PG_URL (run the tests through .ci/run, or start a cluster: scripts/pg-cluster.sh start)');
  return url;
}

/** A new, empty PostgreSQL database; `drop` removes it. */
export async function createPostgresDatabase(): Promise<{ url: string; drop(): Promise<void> }> {
  const admin = postgresAdminUrl();
  const name = `luco_test_${randomUUID().replace(/-/g, '').slice(0, 16)}`;
  await adminQuery(admin, `create database ${name}`);
  const url = new URL(admin);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: () => adminQuery(admin, `drop database if exists ${name} with (force)`),
    // (force) ends connections a test left open; their pool's error listener absorbs that.
  };
}

async function adminQuery(url: string, statement: string): Promise<void> {
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    await client.query(statement);
  } finally {
    await client.end();
  }
}
