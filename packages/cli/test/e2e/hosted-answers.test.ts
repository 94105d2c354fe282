import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { afterAll, beforeAll, expect, it } from 'vitest';
import { isolatedEnv, luco, removeHomes } from '../support/luco.js';

/**
 * Answers whose field names LucoPy never reads, so the hosted Luco API may name them otherwise:
 * luco falls back to what LucoPy does with them (hand the answer over as it came) instead of
 * misreading them. A loopback server stands in for the hosted API.
 */

let server: Server;
let url = '';
/** The closest-submission answer, per reference submission id. */
const closest: Record<string, unknown> = {
  '2': { matchedSlotId: 3, matchedSubmissionId: 9, exact: false, distance: '1.00:00:00' },
  '5': { slotId: null, slotSubmissionId: null, isExactMatch: false },
};

beforeAll(async () => {
  server = createServer((req, res) => {
    req.resume();
    req.on('end', () => {
      const send = (status: number, body: unknown) => {
        res.writeHead(status, { 'content-type': 'application/json' });
        res.end(JSON.stringify(body));
      };
      if (req.url === '/oauth2/token') return send(200, { access_token: 'hosted-token', expires_in: 3600 });
      const match = /^\/slots\/1\/submissions\/(\d+)\/search\?/.exec(req.url ?? '');
      if (match && closest[match[1]!] !== undefined) return send(200, closest[match[1]!]);
      return send(404, { title: 'Not Found' });
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  removeHomes();
  await new Promise<void>((resolve) => server.close(() => resolve()));
});

const env = () =>
  isolatedEnv({ LUCO_BASE_URL: url, LUCO_TOKEN_URL: `${url}/oauth2/token`, LUCO_CLIENT_ID: 'c', LUCO_CLIENT_SECRET: 'hosted-secret-value', LUCO_RESOURCE_ID: 'luco' });

it('find-closest: an answer without `slotSubmissionId` is shown as it came, not reported as "no match"', async () => {
  const result = await luco(['submission', 'find-closest', '--slot', '1', '--submission', '2'], { env: env() });
  expect(result.code).toBe(0);
  expect(JSON.parse(result.stdout)).toEqual(closest['2']);
  expect(result.stderr).toBe("luco: the server names its answer's fields differently; shown as it came:\n");
  const json = await luco(['submission', 'find-closest', '--slot', '1', '--submission', '2', '--json'], { env: env() });
  expect(json.code).toBe(0);
  expect(JSON.parse(json.stdout)).toEqual(closest['2']);
});

it('find-closest: `slotSubmissionId: null` still means no match (exit 3)', async () => {
  const result = await luco(['submission', 'find-closest', '--slot', '1', '--submission', '5'], { env: env() });
  expect(result.code).toBe(3);
  expect(result.stderr).toBe('luco: error: no submission matches near submission 5 of slot 1\n');
});
