import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { expect } from 'vitest';
import { TokenError, type TokenErrorReason } from '../../src/auth/token-error.js';

/**
 * Awaits a rejection, checks it is a TokenError with `reason`, and that neither its message nor its
 * stack leaks the token (or any of its segments) or other given secrets.
 */
export async function expectTokenError(
  promise: Promise<unknown>,
  reason: TokenErrorReason,
  ...secrets: string[]
): Promise<TokenError> {
  const error: unknown = await promise.then(
    () => undefined,
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(TokenError);
  const tokenError = error as TokenError;
  expect(tokenError.reason).toBe(reason);
  const leaks = secrets.flatMap((s) => [s, ...s.split('.')]).filter((s) => s.length >= 8);
  const text = `${tokenError.message}\n${tokenError.stack ?? ''}\n${JSON.stringify(tokenError)}`;
  for (const secret of leaks) expect(text).not.toContain(secret);
  expect(tokenError.cause).toBeUndefined();
  return tokenError;
}

/** Re-encodes one segment of a compact JWS, e.g. to change claims while keeping the old signature. */
export function replaceSegment(token: string, index: 0 | 1 | 2, value: string): string {
  const parts = token.split('.');
  parts[index] = value;
  return parts.join('.');
}

/** Changes one character in the middle of the signature (the last char may only hold padding bits). */
export function tamperSignature(token: string): string {
  const [h, p, sig = ''] = token.split('.');
  const i = Math.floor(sig.length / 2);
  const swapped = sig[i] === 'A' ? 'B' : 'A';
  return `${h}.${p}.${sig.slice(0, i)}${swapped}${sig.slice(i + 1)}`;
}

export interface JsonServer {
  url: string;
  requests: () => number;
  close: () => Promise<void>;
}

/** Serves `body` as JSON at every path, on an ephemeral 127.0.0.1 port. */
export async function serveJson(body: () => unknown): Promise<JsonServer> {
  let count = 0;
  const server: Server = createServer((_req, res) => {
    count += 1;
    res.writeHead(200, { 'content-type': 'application/json' });
    res.end(JSON.stringify(body()));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/discovery/v2.0/keys`,
    requests: () => count,
    close: () =>
      new Promise<void>((resolve, reject) => {
        server.closeAllConnections();
        server.close((err) => (err ? reject(err) : resolve()));
      }),
  };
}

/** A URL on which nothing listens: bind an ephemeral port, then release it. */
export async function deadUrl(): Promise<string> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return `http://127.0.0.1:${port}/keys`;
}
