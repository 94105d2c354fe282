import { HttpClient } from '../../src/core/http-client.js';
import { IdempotencyCapability, type IdempotencySupport } from '../../src/core/idempotency.js';
import { createSdkLog, type Logger } from '../../src/core/log.js';
import { Redactor } from '../../src/core/redact.js';
import type { FetchLike } from '../../src/core/transport.js';

/** A token source that counts refreshes, handing out token-1, token-2... */
export function countingTokens() {
  let generation = 1;
  let invalidations = 0;
  return {
    getToken: async () => `token-${generation}`,
    invalidate: () => {
      invalidations++;
      generation++;
    },
    get invalidations() {
      return invalidations;
    },
  };
}

export function capturingLogger(): Logger & { lines: string[] } {
  const lines: string[] = [];
  const record = (level: string) => (message: string, ...rest: unknown[]) => {
    lines.push(`${level} ${message} ${rest.map((r) => JSON.stringify(r)).join(' ')}`);
  };
  return { lines, error: record('error'), warn: record('warn'), info: record('info'), debug: record('debug') };
}

export function makeHttpClient(fetch: FetchLike, options: { idempotency?: IdempotencySupport; maxRetries?: number; timeoutMs?: number; secret?: string } = {}) {
  const tokens = countingTokens();
  const logger = capturingLogger();
  const redactor = new Redactor();
  if (options.secret) redactor.add(options.secret);
  const http = new HttpClient({
    baseUrl: 'http://127.0.0.1:9',
    fetch,
    timeoutMs: options.timeoutMs ?? 1000,
    maxRetries: options.maxRetries ?? 2,
    backoff: { baseDelayMs: 500, maxDelayMs: 8000, maxRetryAfterMs: 60_000, random: () => 1 },
    tokens,
    idempotency: new IdempotencyCapability(options.idempotency ?? 'auto'),
    log: createSdkLog(logger, 'debug', redactor),
    redactor,
    userAgent: 'test-agent',
    defaultHeaders: {},
  });
  return { http, tokens, logger };
}
