import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `http://127.0.0.1:<port>`: the upstream server as seen across the slow link. */
  url: string;
  port: number;
  /** Connections accepted so far (a client that reuses its sockets keeps this low). */
  connections(): number;
  close(): Promise<void>;
}

export interface LatencyProxyOptions {
  /** The server to forward to, on loopback. */
  upstreamPort: number;
  upstreamHost?: string | undefined;
  /** Round trip added by the link, ms: each direction is delayed by half of it. */
  roundTripMs: number;
}

/** A direction stops reading once this much waits in its delay line, and reads again when it drains. */
const HIGH_WATER_BYTES = 1024 * 1024;

/**
 * A TCP proxy on loopback that behaves like a link with a fixed round trip: every chunk is
 * forwarded half a round trip after it arrived, in order, chunk by chunk (never a whole stream).
 * A new connection also pays the TCP handshake: nothing the client sends leaves before one round
 * trip after it connected (SYN out, SYN-ACK back), as on a real link. No-delay is set on every
 * socket so that the proxy itself adds no Nagle wait.
 */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const oneWayMs = options.roundTripMs / 2;
  const host = options.upstreamHost ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  let accepted = 0;

  const server: Server = createServer((client) => {
    accepted++;
    const acceptedAt = performance.now();
    const upstream = createConnection({ host, port: options.upstreamPort });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
    }
    // The handshake: the client's first bytes leave one round trip after it connected.
    delayLine(client, upstream, oneWayMs, acceptedAt + options.roundTripMs);
    delayLine(upstream, client, oneWayMs, 0);
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    connections: () => accepted,
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/**
 * Forwards `from` to `to`, each chunk `delayMs` after it arrived but never before `notBefore`
 * (+ `delayMs`). Chunks keep their order: their due times never decrease and each waits for the one
 * before it. The end of the stream travels the same way; an error on either side closes both.
 */
function delayLine(from: Socket, to: Socket, delayMs: number, notBefore: number): void {
  const line: Array<{ due: number; chunk: Buffer | null }> = [];
  let waitingBytes = 0;
  let timer: NodeJS.Timeout | undefined;

  const deliver = () => {
    timer = undefined;
    const now = performance.now();
    while (line.length > 0 && line[0]!.due <= now + 0.5) {
      const { chunk } = line.shift()!;
      if (chunk === null) {
        to.end();
        return;
      }
      waitingBytes -= chunk.length;
      to.write(chunk);
    }
    if (waitingBytes < HIGH_WATER_BYTES && from.isPaused()) from.resume();
    schedule();
  };
  const schedule = () => {
    if (timer !== undefined || line.length === 0) return;
    timer = setTimeout(deliver, Math.max(0, line[0]!.due - performance.now()));
  };
  const push = (chunk: Buffer | null) => {
    const last = line.at(-1)?.due ?? 0;
    line.push({ due: Math.max(performance.now(), notBefore, last - delayMs) + delayMs, chunk });
    schedule();
  };

  from.on('data', (chunk: Buffer) => {
    waitingBytes += chunk.length;
    push(chunk);
    if (waitingBytes >= HIGH_WATER_BYTES) from.pause();
  });
  from.on('end', () => push(null));
  from.on('error', () => to.destroy());
  from.on('close', () => {
    // A reset (not a clean end) on one side resets the other.
    if (from.destroyed && !from.readableEnded) to.destroy();
  });
}
