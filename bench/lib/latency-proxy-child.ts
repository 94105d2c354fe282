// The latency proxy in a process of its own (started by latency-proxy-process.ts): its final waits
// and its timers are then not held up by the benchmark's client or GC, as a real link's are not.
// Options come as JSON in argv[2]; it answers requests from its parent over the IPC channel.
import { setPriority } from 'node:os';
import { startLatencyProxy, type LatencyProxyOptions } from './latency-proxy.js';
import type { ProxyReply, ProxyRequest } from './latency-proxy-process.js';

async function main(): Promise<void> {
  const options = JSON.parse(process.argv[2] ?? '{}') as LatencyProxyOptions;
  // A link is not slowed by the CPU load of the machines at its ends: ahead of the server and the
  // client in the scheduler's queue (when allowed to raise its priority; as it is otherwise).
  try {
    setPriority(-10);
  } catch {
    // Not permitted for this user: the proxy's self-check and lateness figures show what that costs.
  }
  const proxy = await startLatencyProxy(options);
  const reply = (message: ProxyReply) => process.send?.(message);
  process.on('message', (request: ProxyRequest) => {
    const answer = request.op === 'stats' ? proxy.stats() : request.op === 'trace' ? proxy.trace() : proxy.close();
    answer.then(
      (result) => {
        reply({ id: request.id, result: result ?? null });
        if (request.op === 'close') process.disconnect();
      },
      (error: unknown) => reply({ id: request.id, error: String(error) }),
    );
  });
  // The parent gone (ended or crashed) ends the proxy too.
  process.on('disconnect', () => void proxy.close().then(() => process.exit(0)));
  reply({ id: 0, result: { port: proxy.port } });
}

main().catch((error: unknown) => {
  process.stderr.write(`latency proxy: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
