import Fastify from 'fastify';

/**
 * A Fastify server with nothing of LucoTS in it, in its own process: `GET /healthz` answers a
 * constant, `POST /echo` parses a JSON body and answers its metric count. It tells what this
 * machine and load generator allow any route, before a server does any work of its own.
 */
const app = Fastify();
app.get('/healthz', async () => ({ status: 'ok' }));
app.post('/echo', async (request) => ({ metrics: ((request.body as { metrics?: unknown[] }).metrics ?? []).length }));
await app.listen({ port: 0, host: '127.0.0.1' });
process.send?.({ port: (app.server.address() as { port: number }).port });
process.on('disconnect', () => void app.close().then(() => process.exit(0)));
