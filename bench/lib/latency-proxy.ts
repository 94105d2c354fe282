import { createConnection, createServer, type AddressInfo, type Server, type Socket } from 'node:net';

export interface LatencyProxy {
  /** `http://127.0.0.1:<port>`: the upstream server as seen across the slow link. */
  url: string;
  port: number;
  /** What the proxy measured of itself so far. */
  stats(): Promise<LatencyProxyStats>;
  /** Every chunk forwarded so far (when tracing), oldest first. */
  trace(): Promise<TracedChunk[]>;
  close(): Promise<void>;
}

export interface LatencyProxyOptions {
  /** The server to forward to, on loopback. */
  upstreamPort: number;
  upstreamHost?: string | undefined;
  /** Round trip added by the link, ms: each direction is delayed by half of it. */
  roundTripMs: number;
  /** Keep a record of every chunk (its times, size and request line) for `trace()`. */
  trace?: boolean | undefined;
}

export interface LatencyProxyStats {
  /** Connections accepted so far (a client that reuses its sockets keeps this low). */
  connections: number;
  /** Chunks forwarded, both directions. */
  chunks: number;
  /** How long after its due time a chunk left, ms: the proxy's own error (0 is exact). */
  lateMs: { p50: number; p95: number; max: number };
  /** CPU the proxy's process used so far, ms (user + system): mostly the final waits. */
  cpuMs: number;
}

/** One chunk through the proxy; times in ms of the system's monotonic clock (`monotonicMs`). */
export interface TracedChunk {
  connection: number;
  direction: 'up' | 'down';
  arrivedAt: number;
  sentAt: number;
  bytes: number;
  /** The HTTP request line when the chunk starts one (`POST /v2/... HTTP/1.1`), else undefined. */
  requestLine?: string | undefined;
}

/**
 * Milliseconds on CLOCK_MONOTONIC, the same clock in every process of the machine: the proxy's
 * child process and the benchmark compare their times directly.
 */
export function monotonicMs(): number {
  return Number(process.hrtime.bigint()) / 1e6;
}

/** A direction stops reading once this much waits in its delay line, and reads again when it drains. */
const HIGH_WATER_BYTES = 1024 * 1024;
/**
 * A timer is armed this long before a chunk is due and the rest is waited out by polling the
 * clock: Node's timers have whole-millisecond resolution and fire up to a millisecond (more on a
 * busy machine) late. Polling with setImmediate keeps reading the other sockets meanwhile.
 */
const EARLY_WAKE_MS = 1.5;
/** A request line, up to the length of a long query string. */
const REQUEST_LINE = /^(GET|POST|PUT|PATCH|DELETE|HEAD|OPTIONS) [^\r\n]{1,4000} HTTP\/1\.[01]/;

/**
 * A TCP proxy on loopback that behaves like a link with a fixed round trip: every chunk is
 * stamped when it arrives and forwarded exactly half a round trip later, in order, chunk by chunk
 * (never a whole stream). A new connection also pays the TCP handshake: nothing the client sends
 * leaves before one round trip after it connected (SYN out, SYN-ACK back), as on a real link.
 * Half-closes travel the link like data; a reset on one side resets the other after the data
 * before it. No-delay is set on every socket so that the proxy itself adds no Nagle wait.
 */
export async function startLatencyProxy(options: LatencyProxyOptions): Promise<LatencyProxy> {
  const oneWayMs = options.roundTripMs / 2;
  const host = options.upstreamHost ?? '127.0.0.1';
  const sockets = new Set<Socket>();
  const record = new ProxyRecord(options.trace === true);
  const cpuAtStart = process.cpuUsage();

  const server: Server = createServer({ allowHalfOpen: true }, (client) => {
    const connection = ++record.connections;
    const acceptedAt = monotonicMs();
    const upstream = createConnection({ host, port: options.upstreamPort, allowHalfOpen: true });
    for (const socket of [client, upstream]) {
      sockets.add(socket);
      socket.setNoDelay(true);
      socket.on('close', () => sockets.delete(socket));
    }
    // The handshake: the client's first bytes leave one round trip after it connected.
    delayLine(client, upstream, { delayMs: oneWayMs, notBefore: acceptedAt + options.roundTripMs, onSent: record.sink(connection, 'up') });
    delayLine(upstream, client, { delayMs: oneWayMs, notBefore: 0, onSent: record.sink(connection, 'down') });
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    port,
    stats: async () => record.stats(cpuAtStart),
    trace: async () => [...record.chunks],
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => resolve());
      }),
  };
}

/** What the proxy keeps of its traffic: lateness of every chunk, and the chunks when tracing. */
class ProxyRecord {
  connections = 0;
  readonly chunks: TracedChunk[] = [];
  private readonly lateness: number[] = [];

  constructor(private readonly tracing: boolean) {}

  sink(connection: number, direction: 'up' | 'down'): (chunk: Buffer, arrivedAt: number, dueAt: number, sentAt: number) => void {
    return (chunk, arrivedAt, dueAt, sentAt) => {
      this.lateness.push(sentAt - dueAt);
      if (!this.tracing) return;
      const requestLine = direction === 'up' ? REQUEST_LINE.exec(chunk.subarray(0, 4096).toString('latin1'))?.[0] : undefined;
      this.chunks.push({ connection, direction, arrivedAt, sentAt, bytes: chunk.length, ...(requestLine ? { requestLine } : {}) });
    };
  }

  stats(cpuAtStart: NodeJS.CpuUsage): LatencyProxyStats {
    const sorted = [...this.lateness].sort((a, b) => a - b);
    const rank = (p: number) => sorted[Math.min(sorted.length - 1, Math.max(0, Math.ceil((p / 100) * sorted.length) - 1))] ?? 0;
    const cpu = process.cpuUsage(cpuAtStart);
    return { connections: this.connections, chunks: sorted.length, lateMs: { p50: rank(50), p95: rank(95), max: sorted.at(-1) ?? 0 }, cpuMs: (cpu.user + cpu.system) / 1000 };
  }
}

interface DelayLineOptions {
  delayMs: number;
  /** No chunk is due before this time + `delayMs` (the handshake). */
  notBefore: number;
  onSent: (chunk: Buffer, arrivedAt: number, dueAt: number, sentAt: number) => void;
}

type Item = { kind: 'data'; chunk: Buffer; arrivedAt: number; due: number } | { kind: 'end'; due: number } | { kind: 'reset'; due: number };

/**
 * Forwards `from` to `to`, each chunk `delayMs` after it arrived (never before `notBefore` +
 * `delayMs`), in order: due times never decrease and each chunk waits for the one before it. The
 * end of the stream and a reset travel the same way, behind the data sent before them.
 */
function delayLine(from: Socket, to: Socket, options: DelayLineOptions): void {
  const { delayMs } = options;
  const line: Item[] = [];
  let waitingBytes = 0;
  let timer: NodeJS.Timeout | undefined;
  let polling = false;

  const deliver = () => {
    timer = undefined;
    polling = false;
    while (line.length > 0) {
      const item = line[0]!;
      const now = monotonicMs();
      if (now < item.due) {
        // Close to due: poll the clock on the next turns of the event loop rather than trust a timer.
        if (item.due - now <= EARLY_WAKE_MS) {
          polling = true;
          setImmediate(deliver);
          return;
        }
        break;
      }
      line.shift();
      if (item.kind === 'end') {
        if (!to.destroyed) to.end();
        continue;
      }
      if (item.kind === 'reset') {
        if (!to.destroyed) to.resetAndDestroy();
        continue;
      }
      waitingBytes -= item.chunk.length;
      if (to.destroyed || to.writableEnded) continue;
      to.write(item.chunk);
      options.onSent(item.chunk, item.arrivedAt, item.due, monotonicMs());
    }
    if (waitingBytes < HIGH_WATER_BYTES && from.isPaused() && !from.destroyed) from.resume();
    schedule();
  };
  const schedule = () => {
    if (timer !== undefined || polling || line.length === 0) return;
    const wait = line[0]!.due - monotonicMs() - EARLY_WAKE_MS;
    if (wait <= 0) deliver();
    else timer = setTimeout(deliver, wait);
  };
  const push = (item: Item) => {
    line.push(item);
    schedule();
  };
  const dueFrom = (arrivedAt: number) => Math.max(arrivedAt, options.notBefore, (line.at(-1)?.due ?? 0) - delayMs) + delayMs;

  from.on('data', (chunk: Buffer) => {
    const arrivedAt = monotonicMs();
    waitingBytes += chunk.length;
    push({ kind: 'data', chunk, arrivedAt, due: dueFrom(arrivedAt) });
    if (waitingBytes >= HIGH_WATER_BYTES) from.pause();
  });
  from.on('end', () => push({ kind: 'end', due: dueFrom(monotonicMs()) }));
  // An error (a reset by the peer) is followed by 'close'; the reset is passed on from there.
  from.on('error', () => {});
  from.on('close', () => {
    // A socket closed without a clean end (reset, or destroyed by an error) resets the other side.
    if (!from.readableEnded) push({ kind: 'reset', due: dueFrom(monotonicMs()) });
  });
}
