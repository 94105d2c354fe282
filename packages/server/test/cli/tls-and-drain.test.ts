import { execFileSync } from 'node:child_process';
import { mkdtempSync, readFileSync } from 'node:fs';
import { request } from 'node:https';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { expect, it } from 'vitest';
import { adminCredentialsOf, startServer } from '../support/server-process.js';

function selfSignedCertificate(folder: string): { cert: string; key: string } {
  const cert = join(folder, 'cert.pem');
  const key = join(folder, 'key.pem');
  execFileSync('openssl', ['req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', key, '-out', cert, '-days', '1', '-subj', '/CN=127.0.0.1', '-addext', 'subjectAltName=IP:127.0.0.1'], { stdio: 'ignore' });
  return { cert, key };
}

function httpsGet(url: string, ca: Buffer): Promise<{ status: number; body: string }> {
  return new Promise((resolve, reject) => {
    request(url, { ca }, (response) => {
      let body = '';
      response.on('data', (chunk: Buffer) => (body += chunk.toString()));
      response.on('end', () => resolve({ status: response.statusCode ?? 0, body }));
    })
      .on('error', reject)
      .end();
  });
}

it('with --tls-cert and --tls-key it serves https', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-tls-'));
  const { cert, key } = selfSignedCertificate(cwd);
  const server = await startServer(['--tls-cert', cert, '--tls-key', key], { cwd });
  try {
    expect(server.url).toMatch(/^https:\/\/127\.0\.0\.1:\d+$/);
    const response = await httpsGet(`${server.url}/healthz`, readFileSync(cert));
    expect(response.status).toBe(200);
    expect(JSON.parse(response.body)).toMatchObject({ status: 'ok' });
  } finally {
    await server.stop();
  }
});

it('SIGTERM lets a request in flight finish before the process exits', async () => {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-drain-'));
  const server = await startServer([], { cwd });
  const admin = adminCredentialsOf(cwd);
  const tokenResponse = await fetch(`${server.url}/oauth2/token`, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: `Basic ${Buffer.from(`${admin.clientId}:${admin.clientSecret}`).toString('base64')}` },
    body: 'grant_type=client_credentials',
  });
  const { access_token: token } = (await tokenResponse.json()) as { access_token: string };
  const slotSequences = Array.from({ length: 1000 }, (_, i) => ({ name: [{ key: 'feed', value: `f${i}` }], type: 'Feed' }));
  const inFlight = fetch(`${server.url}/v2/slotsequences/import`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: JSON.stringify({ slotSequences }),
  });
  await new Promise((resolve) => setTimeout(resolve, 30));
  const exit = server.stop('SIGTERM');
  const response = await inFlight;
  expect(response.status).toBe(200);
  expect(((await response.json()) as { createdCount: number }).createdCount).toBe(1000);
  expect(await exit).toBe(0);
  // The drain started while the import was still being processed.
  const log = server.output();
  expect(log.indexOf('draining in-flight requests')).toBeGreaterThan(-1);
  expect(log.indexOf('draining in-flight requests')).toBeLessThan(log.lastIndexOf('"statusCode":200'));
});
