import { createConnection, createServer, type AddressInfo, type Socket } from 'node:net';
import { startLatencyProxyProcess } from './latency-proxy-process.js';
import { distribution, type Distribution } from './stats.js';

export interface EchoCheck {
  /** The first exchange on a new connection, ms: the handshake's round trip and one more. */
  firstMs: number;
  /** The exchanges after it, ms each. */
  roundTrip: Distribution;
}

/**
 * The link's self-check: `exchanges` small messages echoed one after the other across a latency
 * proxy (in its own process, as the benchmark uses it) by a TCP echo server on loopback. What the
 * link itself costs a round trip on this machine now, with no HTTP and no database in it.
 */
export async function measureEcho(roundTripMs: number, exchanges: number): Promise<EchoCheck> {
  const echo = createServer((socket) => socket.pipe(socket));
  await new Promise<void>((resolve) => echo.listen(0, '127.0.0.1', resolve));
  const proxy = await startLatencyProxyProcess({ upstreamPort: (echo.address() as AddressInfo).port, roundTripMs });
  const socket = createConnection({ port: proxy.port, host: '127.0.0.1', noDelay: true });
  try {
    await new Promise<void>((resolve, reject) => socket.once('connect', resolve).once('error', reject));
    const message = Buffer.alloc(64, 'x');
    const times: number[] = [];
    for (let i = 0; i <= exchanges; i++) times.push(await exchange(socket, message));
    return { firstMs: times[0]!, roundTrip: distribution(times.slice(1)) };
  } finally {
    socket.destroy();
    await proxy.close();
    await new Promise((resolve) => echo.close(resolve));
  }
}

/** Sends `message` and waits until as many bytes came back: ms. */
function exchange(socket: Socket, message: Buffer): Promise<number> {
  return new Promise<number>((resolve, reject) => {
    const start = performance.now();
    let received = 0;
    const onData = (chunk: Buffer) => {
      received += chunk.length;
      if (received < message.length) return;
      socket.off('data', onData).off('error', reject);
      resolve(performance.now() - start);
    };
    socket.on('data', onData).once('error', reject);
    socket.write(message);
  });
}
