import { createHmac, randomBytes, timingSafeEqual } from 'node:crypto';
import { createServer, type IncomingHttpHeaders } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One message the demo's webhook got, and whether its Standard Webhooks signature checked out. */
export interface ReceivedAlert {
  type: string;
  summary: string;
  signatureValid: boolean;
}

export interface AlertReceiver {
  url: string;
  /** The signing secret the demo's channel is given (`whsec_...`), fresh for each demo run. */
  secret: string;
  received: ReceivedAlert[];
  close(): Promise<void>;
}

/**
 * A webhook receiver inside the demo process, on loopback: what a team's alert endpoint would be.
 * It checks each message's signature the way a receiver should (over the raw body, any of the
 * signatures, in constant time) and keeps what it got for the summary.
 */
export async function startAlertReceiver(): Promise<AlertReceiver> {
  const key = randomBytes(32);
  const secret = `whsec_${key.toString('base64')}`;
  const received: ReceivedAlert[] = [];
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => chunks.push(chunk));
    request.on('end', () => {
      const body = Buffer.concat(chunks);
      try {
        const message = JSON.parse(body.toString('utf8')) as { type?: string; data?: { summary?: string } };
        received.push({ type: message.type ?? '?', summary: message.data?.summary ?? '', signatureValid: verifies(key, request.headers, body) });
      } catch {
        received.push({ type: '(not JSON)', summary: '', signatureValid: false });
      }
      response.writeHead(204).end();
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}/luco-alerts`,
    secret,
    received,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}

function verifies(key: Buffer, headers: IncomingHttpHeaders, body: Buffer): boolean {
  const id = headers['webhook-id'];
  const timestamp = headers['webhook-timestamp'];
  const signatures = headers['webhook-signature'];
  if (typeof id !== 'string' || typeof timestamp !== 'string' || typeof signatures !== 'string') return false;
  const expected = createHmac('sha256', key).update(`${id}.${timestamp}.`).update(body).digest();
  return signatures.split(' ').some((entry) => {
    const [version, signature] = entry.split(',', 2);
    const offered = Buffer.from(signature ?? '', 'base64');
    return version === 'v1' && offered.length === expected.length && timingSafeEqual(offered, expected);
  });
}
