import type { IncomingMessage } from 'node:http';
import { Transform, type TransformCallback } from 'node:stream';
import { createGunzip } from 'node:zlib';
import type { AppContext, LucoApp } from '../context.js';
import { HttpProblem } from '../errors.js';
import { OpenLineageAnswerSchema, OpenLineageBody, OpenLineageProblems } from '../schemas/openlineage.js';
import { DEFAULT_OPENLINEAGE_SETTINGS, type OpenLineageSettings } from '../services/openlineage/config.js';
import { writeKeysOf, type ParsedEvent } from '../services/openlineage/event.js';
import { parseLineageEvent } from '../services/openlineage/validate.js';
import { OpenLineageIngest, type IngestOutcome } from '../services/openlineage/write.js';
import { InputError } from '../wire/input-error.js';

/** The largest event body, after decompression: producers' events with schemas and column lineage are big. */
export const MAX_LINEAGE_BODY_BYTES = 10 * 1024 * 1024;
/** The most events one request may carry as an array. */
export const MAX_LINEAGE_BATCH = 1000;

/**
 * `POST /api/v1/lineage`: the path OpenLineage's HTTP transport posts to (docs/openlineage.md).
 * Auth: a client's bearer token or one of its ingest keys, role writer. The body may be gzip.
 */
export async function openLineageRoutes(app: LucoApp, ctx: AppContext, settings: OpenLineageSettings = DEFAULT_OPENLINEAGE_SETTINGS): Promise<void> {
  const ingest = new OpenLineageIngest(ctx, settings);
  app.addHook('onClose', async () => ingest.close());

  app.post(
    '/api/v1/lineage',
    {
      bodyLimit: MAX_LINEAGE_BODY_BYTES,
      schema: {
        tags: ['openlineage'],
        summary: 'Ingest OpenLineage run events',
        description:
          'A LucoTS extension. Each RunEvent maps its run to a submission (a child run to a stage of its parent\u2019s), by the server\u2019s mapping (docs/openlineage.md). 201 when the event was logged (applied or late), 200 for a duplicate or an ignored DatasetEvent/JobEvent.',
        body: OpenLineageBody,
        response: { 200: OpenLineageAnswerSchema, 201: OpenLineageAnswerSchema, ...OpenLineageProblems },
      },
      config: { role: 'writer', ingestKeys: true },
      preParsing: async (request, _reply, payload) => decoded(request.headers['content-encoding'], payload),
    },
    async (request, reply) => {
      const body = request.body;
      const caller = request.principal?.clientId;
      if (Array.isArray(body)) {
        if (body.length === 0 || body.length > MAX_LINEAGE_BATCH) throw InputError.of('/', `must be one event or an array of 1 to ${MAX_LINEAGE_BATCH} events, got ${body.length}`);
        const events = body.map((item, index) => parseLineageEvent(item, `/${index}`));
        return reply.sendWrite(
          async (trx) => {
            const results: IngestOutcome[] = [];
            for (const [index, event] of events.entries()) results.push(await ingest.ingest(trx, event, caller, `/${index}`));
            return { results };
          },
          { status: (answer) => (answer.results.some(logged) ? 201 : 200), keys: writeKeysOf(events) },
        );
      }
      const event: ParsedEvent = parseLineageEvent(body);
      return reply.sendWrite((trx) => ingest.ingest(trx, event, caller), { status: (outcome) => (logged(outcome) ? 201 : 200), keys: writeKeysOf([event]) });
    },
  );
}

function logged(outcome: IngestOutcome): boolean {
  return outcome.outcome === 'applied' || outcome.outcome === 'late';
}

/** The body as sent (identity) or gunzipped, never more than MAX_LINEAGE_BODY_BYTES once decompressed: a gzip bomb is a 413. */
function decoded(header: string | string[] | undefined, payload: IncomingMessage | NodeJS.ReadableStream): NodeJS.ReadableStream {
  const encoding = (Array.isArray(header) ? header.join(',') : (header ?? '')).trim().toLowerCase();
  if (encoding === '' || encoding === 'identity') return payload;
  if (encoding !== 'gzip' && encoding !== 'x-gzip') {
    throw new HttpProblem(415, 'unsupported-encoding', 'Unsupported Media Type', `Content-Encoding ${JSON.stringify(encoding)} is not supported: send gzip or no encoding`);
  }
  const gunzip = createGunzip();
  const limited = new DecompressedLimit(MAX_LINEAGE_BODY_BYTES);
  payload.on('data', (chunk: Buffer) => {
    limited.receivedEncodedLength += chunk.length;
  });
  gunzip.on('error', (error) => limited.destroy(withStatus(new HttpProblem(400, 'invalid-request', 'Bad Request', `The body is not valid gzip: ${error.message}`), 400)));
  payload.pipe(gunzip).pipe(limited);
  return limited;
}

/** Passes bytes on until there are more than `limit`, then fails with a 413 and stops decompressing. */
class DecompressedLimit extends Transform {
  #seen = 0;
  /** The compressed bytes received: Fastify checks Content-Length against this (and the limit). */
  receivedEncodedLength = 0;

  constructor(private readonly limit: number) {
    super();
  }

  override _transform(chunk: Buffer, _encoding: BufferEncoding, done: TransformCallback): void {
    this.#seen += chunk.length;
    if (this.#seen > this.limit) {
      done(withStatus(new HttpProblem(413, 'too-large', 'Content Too Large', `The body is larger than ${this.limit} bytes once decompressed`), 413));
      return;
    }
    done(null, chunk);
  }
}

/** Fastify keeps a body-reading error's own status only when it carries `statusCode`. */
function withStatus(problem: HttpProblem, status: number): HttpProblem {
  return Object.assign(problem, { statusCode: status });
}
