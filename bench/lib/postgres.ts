import { execFileSync } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { fileURLToPath } from 'node:url';
import pg from 'pg';

const CLUSTER_SCRIPT = fileURLToPath(new URL('../../scripts/pg-cluster.sh', import.meta.url));

export interface PostgresCluster {
  /** URL of the cluster's maintenance database, used only to create and drop bench databases. */
  adminUrl: string;
  /** A new empty database for one measurement. */
  createDatabase(): Promise<string>;
  /** Drops a database made by createDatabase and checkpoints, so the next measurement does not
   * share the machine with flushing or vacuuming what this one left. */
  dropDatabase(url: string): Promise<void>;
  stop(): Promise<void>;
}

/**
 * PostgreSQL for the benchmarks: `LUCO_BENCH_PG_URL` when set, otherwise a throwaway cluster
 * from the machine's binaries with PostgreSQL's durable defaults (fsync on, unlike the tests').
 * Undefined when neither is available.
 */
export function openPostgresCluster(): PostgresCluster | undefined {
  const given = process.env.LUCO_BENCH_PG_URL;
  if (given) return postgresClusterAt(given);
  const exports = execFileSync('bash', [CLUSTER_SCRIPT, 'start'], { encoding: 'utf8', env: { ...process.env, LUCO_PG_DURABLE: '1' } });
  const url = /LUCO_TEST_PG_URL=(\S+)/.exec(exports)?.[1];
  const dir = /LUCO_TEST_PG_DIR=(\S+)/.exec(exports)?.[1];
  if (!url || !dir) return undefined;
  return cluster(url, dir);
}

/** A cluster that is already running (e.g. the tests'): `stop` drops only the databases made through it. */
export function postgresClusterAt(adminUrl: string): PostgresCluster {
  return cluster(adminUrl, undefined);
}

function cluster(adminUrl: string, dir: string | undefined): PostgresCluster {
  const created: string[] = [];
  const admin = async <T>(work: (client: pg.Client) => Promise<T>): Promise<T> => {
    const client = new pg.Client({ connectionString: adminUrl });
    await client.connect();
    try {
      return await work(client);
    } finally {
      await client.end();
    }
  };
  return {
    adminUrl,
    async createDatabase() {
      const name = `luco_bench_${randomBytes(4).toString('hex')}`;
      await admin((client) => client.query(`CREATE DATABASE ${name}`));
      created.push(name);
      const url = new URL(adminUrl);
      url.pathname = `/${name}`;
      return url.toString();
    },
    async dropDatabase(url: string) {
      const name = new URL(url).pathname.slice(1);
      if (!created.includes(name)) throw new Error(`${name} was not created by this benchmark run`);
      await admin(async (client) => {
        await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
        await client.query('CHECKPOINT');
      });
      created.splice(created.indexOf(name), 1);
    },
    async stop() {
      if (dir) {
        execFileSync('bash', [CLUSTER_SCRIPT, 'stop', dir]);
        return;
      }
      // A cluster we did not start: drop only what we created in it.
      await admin(async (client) => {
        for (const name of created) await client.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      });
    },
  };
}
