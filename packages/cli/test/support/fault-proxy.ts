import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FaultProxy {
  url: string;
  /** Requests the proxy failed. */
  failed: number;
  close(): Promise<void>;
}

const HOP_HEADERS = new Set(['host', 'connection', 'content-length', 'transfer-encoding', 'content-encoding', 'keep-alive']);

/** A proxy that passes everything through: the server, reachable at another address. */
export function startProxy(upstream: string, listen: { port?: number; host?: string } = {}): Promise<FaultProxy> {
  return startFaultProxy(upstream, () => false, listen);
}

/**
 * A proxy in front of a real server (on loopback unless told otherwise) that answers 500 to the
 * requests `fail` picks (as a server does for a value its database cannot store) and passes
 * everything else through.
 */
export async function startFaultProxy(
  upstream: string,
  fail: (method: string, path: string, body: string) => boolean,
  /** Where to listen: a given port (e.g. one a test found closed, to bring "the server" back there), another address. */
  listen: { port?: number; host?: string } = {},
): Promise<FaultProxy> {
  const proxy: FaultProxy = { url: '', failed: 0, close: async () => {} };
  const server = createServer((req, res) => {
    const chunks: Buffer[] = [];
    req.on('data', (chunk: Buffer) => chunks.push(chunk));
    req.on('end', async () => {
      const body = Buffer.concat(chunks).toString('utf8');
      const method = req.method ?? 'GET';
      if (fail(method, req.url ?? '/', body)) {
        proxy.failed++;
        res.writeHead(500, { 'content-type': 'application/problem+json' });
        res.end(JSON.stringify({ title: 'Internal Server Error', status: 500, detail: 'invalid byte sequence for encoding "UTF8": 0x00' }));
        return;
      }
      const headers: Record<string, string> = {};
      for (const [name, value] of Object.entries(req.headers)) if (typeof value === 'string' && !HOP_HEADERS.has(name)) headers[name] = value;
      try {
        const response = await fetch(`${upstream}${req.url ?? '/'}`, { method, headers, ...(body === '' ? {} : { body }) });
        const text = await response.text();
        const out: Record<string, string> = {};
        for (const [name, value] of response.headers) if (!HOP_HEADERS.has(name)) out[name] = value;
        res.writeHead(response.status, out);
        res.end(text);
      } catch {
        req.socket.destroy();
      }
    });
  });
  const host = listen.host ?? '127.0.0.1';
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(listen.port ?? 0, host, resolve);
  });
  proxy.url = `http://${host}:${(server.address() as AddressInfo).port}`;
  proxy.close = () =>
    new Promise<void>((resolve) => {
      server.closeAllConnections();
      server.close(() => resolve());
    });
  return proxy;
}
