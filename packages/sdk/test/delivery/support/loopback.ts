import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { FetchLike } from '../../../src/core/transport.js';

export interface Loopback {
  url: string;
  close(): Promise<void>;
}

/**
 * Serves a fetch-shaped handler (e.g. `fakeLuco().fetch`) over a real HTTP server on 127.0.0.1,
 * so the SDK talks to it through real sockets. An Error from the handler drops the connection,
 * as a crashing or unreachable server does.
 */
export async function serveOnLoopback(handler: FetchLike): Promise<Loopback> {
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', () => {
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string') headers[name] = value;
      const body = Buffer.concat(chunks).toString('utf8');
      const init: RequestInit = { method: req.method ?? 'GET', headers, ...(body === '' ? {} : { body }) };
      handler(`http://127.0.0.1${req.url ?? '/'}`, init).then(
        async (response) => {
          const text = await response.text();
          res.writeHead(response.status, Object.fromEntries(response.headers.entries()));
          res.end(text);
        },
        () => req.socket.destroy(),
      );
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}
