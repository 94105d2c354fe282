import Fastify from 'fastify';

/** The fields of an OpenLineage run event that the bare lineage servers write (the benchmark's events carry them all). */
export interface BareRunEvent {
  eventType: string;
  eventTime: string;
  run: { runId: string; facets?: { processing_engine?: unknown } };
  job: { namespace: string; name: string };
  outputs?: Array<{ outputFacets?: { outputStatistics?: { rowCount?: number; size?: number } } }>;
}

/** An event as the bare writers store it: times in epoch milliseconds, figures as JSON text. */
export interface BareEventRow {
  runId: string;
  eventType: string;
  eventTime: number;
  namespace: string;
  job: string;
  body: string;
  environment: string;
  rowCount: string;
  size: string;
}

export interface BareLineageWriter {
  /** The metric route's writes: the submission read and its rows inserted. */
  metric(stage: string, metrics: Array<{ metric: string; value: unknown }>): Promise<void>;
  /** An event's writes; `lean` leaves out the raw body, the series points and the health change. */
  event(event: BareEventRow, sequenceId: number, lean: boolean): Promise<void>;
  close(): Promise<void>;
}

export function eventRow(event: BareRunEvent, lean: boolean): BareEventRow {
  const statistics = event.outputs?.[0]?.outputFacets?.outputStatistics ?? {};
  return {
    runId: event.run.runId,
    eventType: event.eventType,
    eventTime: Date.parse(event.eventTime),
    namespace: event.job.namespace,
    job: event.job.name,
    body: lean ? '' : JSON.stringify(event),
    environment: JSON.stringify(event.run.facets?.processing_engine ?? {}),
    rowCount: String(statistics.rowCount ?? 0),
    size: String(statistics.size ?? 0),
  };
}

/**
 * Serves the bare lineage routes on loopback and sends the port to the parent process:
 * `POST /metric`, `POST /event` and `POST /event-lean` (see bare-lineage-child.ts). It trusts its
 * input (one producer, well-formed events); `sequences` maps each job's name to its sequence.
 */
export async function serveBareLineage(writer: BareLineageWriter, sequences: ReadonlyMap<string, number>): Promise<void> {
  const app = Fastify();
  app.addContentTypeParser('application/json-patch+json', { parseAs: 'string' }, (_request, body, done) => done(null, JSON.parse(body as string)));
  app.post('/metric', async (request, reply) => {
    const { stage, metrics } = request.body as { stage: string; metrics: Array<{ metric: string; value: unknown }> };
    await writer.metric(stage, metrics);
    return reply.code(201).send({ stored: metrics.length });
  });
  for (const [path, lean] of [
    ['/event', false],
    ['/event-lean', true],
  ] as const) {
    app.post(path, async (request, reply) => {
      const event = request.body as BareRunEvent;
      const sequenceId = sequences.get(event.job.name);
      if (sequenceId === undefined) throw new Error(`no sequence for job ${event.job.name}`);
      await writer.event(eventRow(event, lean), sequenceId, lean);
      return reply.code(201).send({ outcome: 'applied' });
    });
  }
  app.addHook('onClose', async () => writer.close());
  await app.listen({ port: 0, host: '127.0.0.1' });
  process.send?.({ port: (app.server.address() as { port: number }).port });
  process.on('disconnect', () => void app.close().then(() => process.exit(0)));
}
