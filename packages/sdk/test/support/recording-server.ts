import { createServer, type IncomingHttpHeaders, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** One request as the loopback server received it. */
export interface RecordedRequest {
  method: string;
  path: string;
  /** Query parameters in order, repeated keys kept. */
  query: Array<[string, string]>;
  rawQuery: string;
  headers: IncomingHttpHeaders;
  body: string;
  /** The client's port: the same port means the same (kept-alive) connection. */
  remotePort: number | undefined;
}

export interface Reply {
  status?: number;
  headers?: Record<string, string>;
  /** An object is sent as JSON; a string as is. */
  body?: unknown;
  /** Destroy the socket instead of answering (a connection reset mid-request). */
  destroy?: boolean;
  /** Never answer (for timeout tests). */
  hang?: boolean;
}

export type Handler = (request: RecordedRequest) => Reply | Promise<Reply>;

export interface RecordingServer {
  url: string;
  requests: RecordedRequest[];
  /** Requests other than the token endpoint's. */
  apiRequests(): RecordedRequest[];
  close(): Promise<void>;
}

/**
 * A real HTTP server on 127.0.0.1 that records every request and answers through `handler`,
 * so the SDK is exercised over real sockets, not a mock.
 */
export async function startRecordingServer(handler: Handler): Promise<RecordingServer> {
  const requests: RecordedRequest[] = [];
  const server: Server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const url = new URL(req.url ?? '/', 'http://127.0.0.1');
      const recorded: RecordedRequest = {
        method: req.method ?? '',
        path: url.pathname,
        query: [...url.searchParams.entries()],
        rawQuery: url.search,
        headers: req.headers,
        body: Buffer.concat(chunks).toString('utf8'),
        remotePort: req.socket.remotePort,
      };
      requests.push(recorded);
      let reply: Reply;
      try {
        reply = await handler(recorded);
      } catch (error) {
        reply = { status: 599, body: { title: `test handler failed: ${String(error)}` } };
      }
      if (reply.destroy) {
        req.socket.destroy();
        return;
      }
      if (reply.hang) return;
      const isText = typeof reply.body === 'string';
      const payload = reply.body === undefined ? '' : isText ? (reply.body as string) : JSON.stringify(reply.body);
      res.writeHead(reply.status ?? 200, {
        ...(reply.body !== undefined ? { 'content-type': isText ? 'text/plain' : 'application/json' } : {}),
        ...reply.headers,
      });
      res.end(payload);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    requests,
    apiRequests: () => requests.filter((request) => !request.path.includes('oauth2')),
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

/** A static identity, so wire tests need no token endpoint. */
export const staticIdentity = {
  generateToken: () => ({ token: 'test-access-token', expiresOn: Date.now() + 3_600_000 }),
};

/** Query values of one key, in order. */
export function queryValues(request: RecordedRequest, key: string): string[] {
  return request.query.filter(([name]) => name === key).map(([, value]) => value);
}
