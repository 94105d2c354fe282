// Decides whether the PostgreSQL test project runs, and gives it a cluster.
// - LUCO_TEST_PG_URL set: use that server.
// - else PostgreSQL binaries on this machine: start a throwaway cluster (scripts/pg-cluster.sh)
//   for the run, stop it afterwards.
// - else: skip the PostgreSQL tests with a visible message; under CI=true that is an error.
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const CLUSTER_SCRIPT = fileURLToPath(new URL('./pg-cluster.sh', import.meta.url));

function hasInitdb() {
  const dirs = ['/usr/local/bin', '/usr/bin'];
  if (existsSync('/usr/lib/postgresql')) {
    for (const version of readdirSync('/usr/lib/postgresql')) dirs.push(`/usr/lib/postgresql/${version}/bin`);
  }
  return dirs.some((dir) => existsSync(`${dir}/initdb`));
}

/** { run: boolean, why: string } */
export function postgresTestPlan(env = process.env) {
  if (env.LUCO_TEST_PG_URL) return { run: true, why: 'LUCO_TEST_PG_URL' };
  if (hasInitdb()) return { run: true, why: 'a throwaway cluster from the local PostgreSQL binaries' };
  const message = 'PostgreSQL tests SKIPPED: no LUCO_TEST_PG_URL and no PostgreSQL binaries (initdb) on this machine';
  if (env.CI === 'true') throw new Error(`${message}; CI must run them`);
  console.warn(`\n*** ${message} ***\n`);
  return { run: false, why: message };
}

/** vitest globalSetup: starts a cluster when no URL was given; returns the teardown. */
export default function setup() {
  if (process.env.LUCO_TEST_PG_URL) return undefined;
  const exports = execFileSync('bash', [CLUSTER_SCRIPT, 'start'], { encoding: 'utf8' });
  const url = /LUCO_TEST_PG_URL=(\S+)/.exec(exports)?.[1];
  const dir = /LUCO_TEST_PG_DIR=(\S+)/.exec(exports)?.[1];
  if (!url || !dir) throw new Error(`could not start a PostgreSQL cluster:\n${exports}`);
  process.env.LUCO_TEST_PG_URL = url;
  return () => {
    execFileSync('bash', [CLUSTER_SCRIPT, 'stop', dir]);
  };
}
