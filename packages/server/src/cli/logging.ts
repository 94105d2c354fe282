import type { FastifyRequest, FastifyServerOptions } from 'fastify';

/**
 * Query parameters that carry credentials: their values never reach a log. The names are
 * compared without case after form-decoding (`ACCESS%5FTOKEN` is `access_token`).
 */
const CREDENTIAL_NAMES = new Set(['access_token', 'id_token', 'refresh_token', 'token', 'client_secret', 'client_assertion', 'assertion', 'code', 'password', 'passwd', 'pwd', 'secret', 'api_key', 'apikey', 'api-key', 'key', 'sig', 'signature', 'auth', 'authorization', 'session', 'sessionid', 'jwt', 'bearer']);
/** Also any name that says what it holds, e.g. `x-amz-security-token` or `db_password`. */
const CREDENTIAL_WORDS = /token|secret|passw|credential|api[-_]?key|private/i;
const REDACTED = '[Redacted]';

function decodeName(name: string): string {
  try {
    return decodeURIComponent(name.replace(/\+/g, ' ')).toLowerCase();
  } catch {
    return name.toLowerCase();
  }
}

function isCredentialName(raw: string): boolean {
  const name = decodeName(raw).trim();
  return CREDENTIAL_NAMES.has(name) || CREDENTIAL_WORDS.test(name);
}

/** The URL with the value of every credential-bearing query parameter replaced; path and other parameters kept. */
export function redactUrl(url: string): string {
  const queryAt = url.indexOf('?');
  if (queryAt < 0) return url;
  const hashAt = url.indexOf('#', queryAt);
  const query = url.slice(queryAt + 1, hashAt < 0 ? undefined : hashAt);
  const pairs = query.split('&').map((pair) => {
    const equals = pair.indexOf('=');
    const name = equals < 0 ? pair : pair.slice(0, equals);
    return isCredentialName(name) ? `${name}=${REDACTED}` : pair;
  });
  return `${url.slice(0, queryAt + 1)}${pairs.join('&')}`;
}

/**
 * The server's request logging: Fastify's fields, with credentials in the query string redacted
 * (a token in `?access_token=` must not reach a log). Headers are not logged at all; the redact
 * paths stay in case a serializer ever adds them.
 */
export function serverLoggerOptions(level: string, stream?: NodeJS.WritableStream): NonNullable<FastifyServerOptions['logger']> {
  return {
    level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        ...(request.socket?.remotePort !== undefined ? { remotePort: request.socket.remotePort } : {}),
      }),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: REDACTED },
  };
}
