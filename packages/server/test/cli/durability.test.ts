import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { adminCredentialsOf, startServer } from '../support/server-process.js';

async function adminToken(url: string, cwd: string): Promise<string> {
  const admin = adminCredentialsOf(cwd);
  const response = await fetch(`${url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials&scope=luco/.default',
  });
  return ((await response.json()) as { access_token: string }).access_token;
}

it('a write answered 2xx survives the process being killed (SIGKILL) on the default SQLite database', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-durable-'));
  const first = await startServer([], { cwd });
  const token = await adminToken(first.url, cwd);
  const names = Array.from({ length: 20 }, (_, i) => `feed-${i}`);
  for (const feed of names) {
    const response = await fetch(`${first.url}/v2/slotsequences/import`, {
      method: 'POST',
      headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
      body: JSON.stringify({ slotSequences: [{ name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: feed }], type: 'Feed' }] }),
    });
    expect(response.status).toBe(200);
  }
  expect(await first.stop('SIGKILL')).toBeNull();

  const second = await startServer([], { cwd });
  try {
    const exported = await fetch(`${second.url}/v2/slotsequences/export`, { headers: { authorization: `Bearer ${await adminToken(second.url, cwd)}` } });
    const sequences = (await exported.json()) as Array<{ name: Array<{ value: string }> }>;
    expect(sequences.map((sequence) => sequence.name[1]?.value).sort()).toEqual([...names].sort());
  } finally {
    await second.stop();
  }
});
