import { createHash } from 'node:crypto';
import type { FastifyReply } from 'fastify';
import type { Kysely } from 'kysely';
import type { AppContext, LucoApp } from '../context.js';
import { conflict } from '../errors.js';
import { GroupCommit } from '../storage/group-commit.js';
import { IdempotencyRepository, type StoredIdempotentRequest } from '../storage/repositories/idempotency.js';
import type { Database } from '../storage/schema.js';
import { InputError } from '../wire/input-error.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/**
 * A key claimed but never answered after this long was left by a server that stored answers in a
 * separate commit (before single-transaction answers) and died; a retry may run it again.
 */
export const ABANDONED_AFTER_MS = 2 * 60 * 1000;
const JSON_TYPE = 'application/json; charset=utf-8';

interface KeyedRequest {
  principal: string;
  key: string;
  method: string;
  path: string;
  fingerprint: string;
}

export interface WriteOptions<T> {
  /** The status of a fresh answer; a function when it depends on the result (200 found / 201 created). */
  status: number | ((result: T) => number);
  /** The body to answer with, when it is not the result itself. */
  answer?: (result: T) => unknown;
  /** Run in a transaction of its own instead of sharing one (long writes such as imports). */
  alone?: boolean;
  /** What the write changes that concurrent writes may change too: it never shares a transaction in flight with them (GroupCommit.run). */
  keys?: readonly string[];
  /** The body stored for replays, when it must differ from the fresh one: a secret shown once is left out of it. */
  replayAnswer?: (result: T) => unknown;
}

declare module 'fastify' {
  interface FastifyRequest {
    idempotency: KeyedRequest | undefined;
  }
  interface FastifyReply {
    /**
     * Runs a write and answers it. With an Idempotency-Key, claiming the key, the write and its
     * stored answer are one transaction; a key already answered gets that answer again.
     */
    sendWrite<T>(write: (db: Kysely<Database>) => Promise<T>, options: WriteOptions<T>): Promise<FastifyReply>;
  }
  interface FastifyContextConfig {
    /** false: the route ignores Idempotency-Key (e.g. the token endpoint). */
    idempotent?: boolean;
  }
}

/**
 * POSTs with an `Idempotency-Key`: the same key and request get the first answer again (the write
 * happens once); the same key with another request is a 422. Keys are per client and kept in the
 * database, so they hold across instances and restarts. Every write, keyed or not, goes through
 * `reply.sendWrite`, which shares commits between concurrent writes (GroupCommit).
 */
export function registerIdempotency(app: LucoApp, ctx: AppContext): void {
  const commits = new GroupCommit(ctx.db);
  app.decorateRequest('idempotency', undefined);

  app.addHook('preHandler', async (request) => {
    if (request.method !== 'POST' || request.routeOptions.config?.idempotent === false) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255) throw InputError.of('Idempotency-Key', 'must be 1 to 255 characters');
    const path = request.url;
    request.idempotency = {
      principal: request.principal?.clientId ?? 'anonymous',
      key,
      method: request.method,
      path,
      fingerprint: createHash('sha256').update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`).digest('hex'),
    };
  });

  app.decorateReply('sendWrite', async function <T>(this: FastifyReply, write: (db: Kysely<Database>) => Promise<T>, options: WriteOptions<T>): Promise<FastifyReply> {
    const keyed = this.request.idempotency;
    const label = `${this.request.method} ${this.request.routeOptions.url ?? this.request.url}`;
    const unit = async (trx: Kysely<Database>): Promise<{ fresh: string } | { replay: StoredIdempotentRequest }> => {
      const keys = new IdempotencyRepository(trx);
      const now = ctx.now();
      if (keyed) {
        const claimed = await keys.claim({ ...keyed, now, expiresOn: now + IDEMPOTENCY_TTL_MS, abandonedBefore: now - ABANDONED_AFTER_MS });
        if (claimed.outcome === 'taken') return { replay: claimed.existing };
      }
      const result = await write(trx);
      this.code(typeof options.status === 'function' ? options.status(result) : options.status);
      // Serialised here, with the route's response schema, so the stored answer is byte for byte
      // the one sent, and is stored before the transaction commits.
      const body = this.serialize(options.answer ? options.answer(result) : result) as string;
      if (keyed) {
        const stored = options.replayAnswer ? (this.serialize(options.replayAnswer(result)) as string) : body;
        await keys.complete(keyed.principal, keyed.key, this.statusCode, stored, JSON_TYPE);
      }
      return { fresh: body };
    };
    const outcome = options.alone ? await commits.alone(label, unit) : await commits.run(label, unit, options.keys);
    if ('fresh' in outcome) return this.type(JSON_TYPE).send(outcome.fresh);
    return replay(this, keyed!, outcome.replay);
  });
}

function replay(reply: FastifyReply, keyed: KeyedRequest, stored: StoredIdempotentRequest): FastifyReply {
  if (stored.fingerprint !== keyed.fingerprint) {
    throw new InputError([{ field: 'Idempotency-Key', message: `was already used for a different request (${stored.method} ${stored.path}); use a new key for a new request` }], 422);
  }
  if (stored.status === null) {
    reply.header('retry-after', '1');
    throw conflict('A request with this Idempotency-Key is still being processed; retry shortly');
  }
  reply.header('idempotent-replayed', 'true');
  reply.code(stored.status);
  if (stored.contentType) reply.type(stored.contentType);
  return reply.send(stored.body ?? '');
}
