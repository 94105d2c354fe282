import { createHash } from 'node:crypto';
import type { AppContext, LucoApp } from '../context.js';
import { conflict } from '../errors.js';
import { InputError } from '../wire/input-error.js';
import { IdempotencyRepository } from '../storage/repositories/idempotency.js';

/** How long a key is remembered. */
export const IDEMPOTENCY_TTL_MS = 24 * 60 * 60 * 1000;
/** A request still marked in progress after this long died with its process; a retry may run it again. */
export const ABANDONED_AFTER_MS = 2 * 60 * 1000;

declare module 'fastify' {
  interface FastifyRequest {
    idempotencyClaim: { principal: string; key: string } | undefined;
  }
  interface FastifyContextConfig {
    /** false: the route ignores Idempotency-Key (e.g. the token endpoint). */
    idempotent?: boolean;
  }
}

/**
 * POSTs with an `Idempotency-Key`: the same key and request get the first response again; the
 * same key with another request is a 422; a retry while the first is still running gets a 409
 * with Retry-After. Keys are per client and kept in the database, so they hold across instances.
 */
export function registerIdempotency(app: LucoApp, ctx: AppContext): void {
  const keys = new IdempotencyRepository(ctx.db);
  app.decorateRequest('idempotencyClaim', undefined);

  app.addHook('preHandler', async (request, reply) => {
    if (request.method !== 'POST' || request.routeOptions.config?.idempotent === false) return;
    const header = request.headers['idempotency-key'];
    if (header === undefined) return;
    const key = Array.isArray(header) ? header[0] : header;
    if (!key || key.length > 255) throw InputError.of('Idempotency-Key', 'must be 1 to 255 characters');
    const principal = request.principal?.clientId ?? 'anonymous';
    const path = request.url;
    const fingerprint = createHash('sha256').update(`${request.method} ${path}\n${JSON.stringify(request.body ?? null)}`).digest('hex');
    const now = ctx.now();

    const claimed = await keys.claim({ principal, key, method: request.method, path, fingerprint, now, expiresOn: now + IDEMPOTENCY_TTL_MS, abandonedBefore: now - ABANDONED_AFTER_MS });
    if (claimed.outcome === 'claimed') {
      request.idempotencyClaim = { principal, key };
      return;
    }
    const stored = claimed.existing;
    if (stored.fingerprint !== fingerprint) {
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
  });

  app.addHook('onSend', async (request, reply, payload) => {
    const claim = request.idempotencyClaim;
    if (!claim) return payload;
    request.idempotencyClaim = undefined;
    if (reply.statusCode >= 500 || (typeof payload !== 'string' && !Buffer.isBuffer(payload) && payload !== null && payload !== undefined)) {
      // A failure the client may retry, or a body we cannot keep: forget the key.
      await keys.release(claim.principal, claim.key);
      return payload;
    }
    const body = payload === null || payload === undefined ? '' : payload.toString();
    const contentType = reply.getHeader('content-type');
    await keys.complete(claim.principal, claim.key, reply.statusCode, body, typeof contentType === 'string' ? contentType : null);
    return payload;
  });
}
