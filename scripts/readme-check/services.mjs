// What must be running before some README commands: the server `npm start` leaves running (the
// quick starts and the package READMEs talk to it), or nothing on port 8080 (commands that start a
// server there themselves), and a PostgreSQL for the PostgreSQL lines.
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { startCommand } from './shell.mjs';

const PG_CLUSTER = fileURLToPath(new URL('../pg-cluster.sh', import.meta.url));
const DEMO_READY = /^Serving until Ctrl-C\.$/m;
const DEMO_SERVER = /^Luco server: (\S+)\s+\(admin credential: ([^;]+);/m;

export class Services {
  #paths;
  #env;
  #demo;
  #pg;

  /** `paths`: the clone's folders; `env`: the commands' environment. */
  constructor(paths, env) {
    this.#paths = paths;
    this.#env = env;
  }

  /**
   * The demo server, as `npm start` leaves it (its entry point, built by the `npm start` entry
   * before): `{ url, clientId, clientSecret, credentialsFile }`. Started once, reused.
   */
  async demo() {
    if (this.#demo) return this.#demo.info;
    const handle = startCommand({
      text: 'node packages/demo/dist/main.js',
      cwd: this.#paths.clone,
      env: this.#env,
      scriptFile: join(this.#paths.root, 'demo-server.sh'),
    });
    try {
      await handle.waitFor(DEMO_READY, 90_000);
    } catch (error) {
      await handle.stop('SIGKILL');
      const { stdout, stderr } = handle.output();
      throw new Error(`the demo server (npm start's) did not start: ${error.message}\n${stdout}\n${stderr}`);
    }
    const [, url, credentialsFile] = DEMO_SERVER.exec(handle.output().stdout) ?? [];
    if (!url || !credentialsFile) throw new Error(`the demo did not print its server and credential:\n${handle.output().stdout}`);
    const { clientId, clientSecret } = JSON.parse(readFileSync(join(this.#paths.clone, credentialsFile), 'utf8'));
    this.#demo = { handle, info: { url, clientId, clientSecret, credentialsFile } };
    return this.#demo.info;
  }

  /** The LUCO_* variables the root README's quick start exports for the demo server. */
  async demoEnv() {
    const { url, clientId, clientSecret } = await this.demo();
    return { LUCO_BASE_URL: url, LUCO_TOKEN_URL: `${url}/oauth2/token`, LUCO_RESOURCE_ID: 'luco', LUCO_CLIENT_ID: clientId, LUCO_CLIENT_SECRET: clientSecret };
  }

  /** Stops the demo server (Ctrl-C, as a reader would), so port 8080 and its database are free. */
  async stopServers() {
    if (!this.#demo) return;
    const { handle } = this.#demo;
    this.#demo = undefined;
    const { code, leftover } = await handle.stop('SIGINT');
    if (code !== 0 || leftover) throw new Error(`the demo server did not stop cleanly on Ctrl-C (exit ${code}${leftover ? ', processes left' : ''}):\n${handle.output().stderr}`);
  }

  /** True when this machine can run a throwaway PostgreSQL (scripts/pg-cluster.sh). */
  static hasPostgres() {
    const out = execFileSync('bash', ['-c', 'for d in /usr/lib/postgresql/*/bin /usr/local/bin /usr/bin; do [ -x "$d/initdb" ] && echo yes && break; done; true'], { encoding: 'utf8' });
    return out.includes('yes');
  }

  /** A throwaway PostgreSQL cluster of our own, started on first use: `{ url }`. */
  postgres() {
    if (this.#pg) return this.#pg;
    const exports = execFileSync('bash', [PG_CLUSTER, 'start'], { encoding: 'utf8' });
    const url = /LUCO_TEST_PG_URL=(\S+)/.exec(exports)?.[1];
    const dir = /LUCO_TEST_PG_DIR=(\S+)/.exec(exports)?.[1];
    if (!url || !dir) throw new Error(`could not start a PostgreSQL cluster:\n${exports}`);
    this.#pg = { url, dir };
    return this.#pg;
  }

  /** Stops everything started here. */
  async stopAll() {
    await this.stopServers().catch(() => undefined);
    if (this.#pg) execFileSync('bash', [PG_CLUSTER, 'stop', this.#pg.dir]);
    this.#pg = undefined;
  }
}
