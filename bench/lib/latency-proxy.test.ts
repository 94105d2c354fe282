import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { monotonicMs, startLatencyProxy, type LatencyProxy } from './latency-proxy.js';
import { measureEcho } from './link-echo.js';

const ROUND_TRIP_MS = 20;
const ONE_WAY_MS = ROUND_TRIP_MS / 2;

const cleanups: Array<() => Promise<unknown> | void> = [];
afterEach(async () => {
  for (const cleanup of cleanups.splice(0).reverse()) await cleanup();
});

/** An upstream server whose connections the test handles, and a proxy in front of it. */
async function proxied(onConnection: (socket: Socket) => void): Promise<{ proxy: LatencyProxy; upstream: Server }> {
  const accepted: Socket[] = [];
  const upstream = createServer({ allowHalfOpen: true }, (socket) => {
    accepted.push(socket);
    onConnection(socket);
  });
  await new Promise<void>((resolve) => upstream.listen(0, '127.0.0.1', resolve));
  cleanups.push(() => {
    for (const socket of accepted) socket.destroy();
    return new Promise((resolve) => upstream.close(resolve));
  });
  const proxy = await startLatencyProxy({ upstreamPort: (upstream.address() as AddressInfo).port, roundTripMs: ROUND_TRIP_MS, trace: true });
  cleanups.push(() => proxy.close());
  return { proxy, upstream };
}

async function connect(proxy: LatencyProxy): Promise<Socket> {
  const socket = createConnection({ port: proxy.port, host: '127.0.0.1', allowHalfOpen: true, noDelay: true });
  cleanups.push(() => void socket.destroy());
  await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
  return socket;
}

/** Chunks as they arrive, each with its time; `next()` waits for the next one not yet taken. */
function arrivals(): { push: (chunk: Buffer) => void; next: () => Promise<{ chunk: Buffer; at: number }> } {
  const arrived: Array<{ chunk: Buffer; at: number }> = [];
  let waiter: (() => void) | undefined;
  return {
    push: (chunk) => {
      arrived.push({ chunk, at: monotonicMs() });
      waiter?.();
    },
    next: async () => {
      while (arrived.length === 0) await new Promise<void>((resolve) => (waiter = resolve));
      return arrived.shift()!;
    },
  };
}

function readAll(socket: Socket): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    socket.on('data', (chunk: Buffer) => chunks.push(chunk));
    socket.once('end', () => resolve(Buffer.concat(chunks)));
    socket.once('error', reject);
  });
}

describe('latency proxy', () => {
  it('delays every chunk by at least half the round trip each way, and the first by the handshake too', async () => {
    let upstream: Socket | undefined;
    const upstreamData = arrivals();
    const { proxy } = await proxied((socket) => {
      upstream = socket;
      socket.on('data', upstreamData.push);
    });
    const beforeConnect = monotonicMs();
    const client = await connect(proxy);
    const clientData = arrivals();
    client.on('data', clientData.push);
    for (let i = 0; i < 10; i++) {
      const sentUp = monotonicMs();
      client.write(`ping ${i}`);
      const up = await upstreamData.next();
      expect(up.chunk.toString()).toBe(`ping ${i}`);
      // The first leaves one round trip (the handshake) after the proxy accepted the connection.
      if (i === 0) expect(up.at - beforeConnect).toBeGreaterThanOrEqual(ROUND_TRIP_MS + ONE_WAY_MS);
      expect(up.at - sentUp).toBeGreaterThanOrEqual(ONE_WAY_MS);

      const sentDown = monotonicMs();
      upstream!.write(`pong ${i}`);
      const down = await clientData.next();
      expect(down.chunk.toString()).toBe(`pong ${i}`);
      expect(down.at - sentDown).toBeGreaterThanOrEqual(ONE_WAY_MS);
    }
    const trace = await proxy.trace();
    expect(trace).toHaveLength(20);
    for (const chunk of trace) expect(chunk.sentAt - chunk.arrivedAt).toBeGreaterThanOrEqual(ONE_WAY_MS);
    const stats = await proxy.stats();
    expect(stats).toMatchObject({ connections: 1, chunks: 20 });
    expect(stats.lateMs.p50).toBeGreaterThanOrEqual(0);
  });

  it('keeps the order of many chunks and the bytes of a stream larger than its buffer, both ways', async () => {
    const large = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < large.length; i++) large[i] = (i * 31) % 251;
    const received: Promise<Buffer>[] = [];
    const { proxy } = await proxied((socket) => {
      received.push(readAll(socket));
      socket.end(large);
    });
    const client = await connect(proxy);
    const down = readAll(client);
    const lines = Array.from({ length: 300 }, (_, i) => `line ${i}\n`);
    for (const line of lines) {
      client.write(line);
      await new Promise((resolve) => setImmediate(resolve));
    }
    client.end();
    expect((await down).equals(large)).toBe(true);
    expect((await received[0]!).toString()).toBe(lines.join(''));
  });

  it('passes a half-close on: the other side still answers after the client ended its half', async () => {
    const { proxy } = await proxied((socket) => {
      readAll(socket).then((request) => socket.end(`got ${request.toString()}`), () => {});
    });
    const client = await connect(proxy);
    const answer = readAll(client);
    client.end('request');
    expect((await answer).toString()).toBe('got request');
  });

  it('resets the client when the upstream resets, after the data sent before it', async () => {
    const { proxy } = await proxied((socket) => {
      socket.write('last words');
      setTimeout(() => socket.resetAndDestroy(), 5);
    });
    const client = await connect(proxy);
    const chunks: string[] = [];
    client.on('data', (chunk: Buffer) => chunks.push(chunk.toString()));
    const error = await new Promise<NodeJS.ErrnoException>((resolve) => client.once('error', resolve));
    expect(error.code).toBe('ECONNRESET');
    expect(chunks.join('')).toBe('last words');
  });

  it('resets the upstream when the client resets', async () => {
    let upstreamError: Promise<NodeJS.ErrnoException> | undefined;
    const { proxy } = await proxied((socket) => {
      upstreamError = new Promise((resolve) => socket.once('error', resolve));
    });
    const client = await connect(proxy);
    client.write('hello');
    await new Promise((resolve) => setTimeout(resolve, ROUND_TRIP_MS * 2));
    client.resetAndDestroy();
    await expect.poll(() => upstreamError).toBeDefined();
    expect((await upstreamError!).code).toBe('ECONNRESET');
  });

  it('closes the client when the upstream cannot be reached', async () => {
    const unused = createServer();
    await new Promise<void>((resolve) => unused.listen(0, '127.0.0.1', resolve));
    const port = (unused.address() as AddressInfo).port;
    await new Promise((resolve) => unused.close(resolve));
    const proxy = await startLatencyProxy({ upstreamPort: port, roundTripMs: ROUND_TRIP_MS });
    cleanups.push(() => proxy.close());
    const client = await connect(proxy);
    client.on('error', () => {});
    client.write('anyone?');
    await new Promise((resolve) => client.once('close', resolve));
    expect(client.destroyed).toBe(true);
  });
});

describe('the link self-check', () => {
  it('echoes across a proxy in its own process: never faster than the round trip, the first exchange paying the handshake', async () => {
    const echo = await measureEcho(ROUND_TRIP_MS, 5);
    expect(echo.roundTrip.n).toBe(5);
    expect(echo.roundTrip.p50).toBeGreaterThanOrEqual(ROUND_TRIP_MS);
    expect(echo.firstMs).toBeGreaterThanOrEqual(ROUND_TRIP_MS + ONE_WAY_MS);
  }, 30_000);
});
