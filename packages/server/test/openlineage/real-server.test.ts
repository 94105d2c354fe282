import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/server-process.js';
import { airflowDagRun, airflowTask, RUN_IDS } from './events.js';

/** What OpenLineage's HTTP transport sends with `compression: gzip` and an `api_key`. */
function transportPost(url: string, key: string, event: unknown): Promise<Response> {
  return fetch(`${url}/api/v1/lineage`, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'content-encoding': 'gzip', authorization: `Bearer ${key}` },
    body: gzipSync(JSON.stringify(event)),
  });
}

describe('luco-server serve with OpenLineage (the real binary on loopback)', () => {
  it('takes gzip events with an ingest key made by `clients ingest-key create`, maps them by --openlineage-config, and stops the key when revoked', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-lineage-'));
    const db = join(cwd, 'luco.db');
    const client = JSON.parse((await runCli(['clients', 'create', '--role', 'writer', '--name', 'airflow', '--json', '--db', db], { cwd })).stdout) as { clientId: string; clientSecret: string };
    const created = await runCli(['clients', 'ingest-key', 'create', client.clientId, '--name', 'airflow prod', '--json', '--db', db], { cwd });
    expect(created.code, created.stderr).toBe(0);
    const key = JSON.parse(created.stdout) as { keyId: string; key: string };
    const listed = await runCli(['clients', 'ingest-key', 'list', '--json', '--db', db], { cwd });
    expect(JSON.parse(listed.stdout)).toMatchObject([{ keyId: key.keyId, clientId: client.clientId, name: 'airflow prod', revokedOn: null }]);
    expect(listed.stdout).not.toContain(key.key);

    const mapping = join(cwd, 'openlineage.json');
    writeFileSync(mapping, JSON.stringify({ createSequences: true, sequenceName: { source: 'airflow', dag: '{job}' } }));
    const server = await startServer(['--db', db, '--openlineage-config', mapping], { cwd });
    try {
      const start = await transportPost(server.url, key.key, airflowDagRun('START', new Date(Date.now() - 60_000).toISOString()));
      expect(start.status, await start.clone().text()).toBe(201);
      const task = await transportPost(server.url, key.key, airflowTask('COMPLETE', new Date(Date.now() - 30_000).toISOString(), 'extract', RUN_IDS.extractTask));
      const outcome = (await task.json()) as { outcome: string; slotId: number; submissionId: number; stage: string };
      expect(outcome).toMatchObject({ outcome: 'applied', stage: 'extract' });

      const token = (await (
        await fetch(`${server.url}/oauth2/token`, {
          method: 'POST',
          headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${client.clientId}:${client.clientSecret}`).toString('base64')}` },
          body: 'grant_type=client_credentials&scope=luco/.default',
        })
      ).json()) as { access_token: string };
      const definition = (await (await fetch(`${server.url}/v2/slots/${outcome.slotId}/submissions/${outcome.submissionId}`, { headers: { authorization: `Bearer ${token.access_token}` } })).json()) as {
        slotSequence: { definition: { name: Array<{ slotParameter: { key: string; value: string } }> } };
        submission: { status: string };
      };
      expect(definition.slotSequence.definition.name.map((part) => `${part.slotParameter.key}=${part.slotParameter.value}`)).toEqual(['source=airflow', 'dag=daily_sales']);
      expect(definition.submission.status).toBe('In Progress');

      expect((await runCli(['clients', 'ingest-key', 'revoke', key.keyId, '--db', db], { cwd })).code).toBe(0);
      expect((await transportPost(server.url, key.key, airflowDagRun('COMPLETE', new Date().toISOString()))).status).toBe(401);
      expect(server.output()).not.toContain(key.key);
    } finally {
      await server.stop();
    }
    expect((await runCli(['clients', 'ingest-key', 'revoke', key.keyId, '--db', db], { cwd })).code).toBe(3);
  });

  it('refuses a mapping file with problems: a usage error naming them (exit 2)', async () => {
    const cwd = mkdtempSync(join(tmpdir(), 'luco-lineage-bad-'));
    const mapping = join(cwd, 'openlineage.json');
    writeFileSync(mapping, JSON.stringify({ createSequence: true, childRuns: 'tasks' }));
    const result = await runCli(['serve', '--port', '0', '--db', join(cwd, 'luco.db'), '--openlineage-config', mapping], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain('createSequence: is not a setting');
    expect(result.stderr).toContain('childRuns: must be "stages" or "submissions"');
  });
});
