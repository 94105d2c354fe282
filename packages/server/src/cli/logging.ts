import type { FastifyReply, FastifyRequest, FastifyServerOptions } from 'fastify';
import type { LogFormat } from './config.js';
import { PrettyLogStream } from './pretty-log.js';

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
 * paths stay in case a serializer ever adds them. `pretty` turns each JSON line into a readable
 * one (pretty-log.ts); its request line needs the method and path on the completion entry, so
 * there the response serializer adds them (redacted alike).
 */
export function serverLoggerOptions(options: { level: string; format: LogFormat; stream?: NodeJS.WritableStream | undefined }): NonNullable<FastifyServerOptions['logger']> {
  const pretty = options.format === 'pretty';
  const stream = pretty ? new PrettyLogStream(options.stream ?? process.stdout) : options.stream;
  return {
    level: options.level,
    ...(stream ? { stream } : {}),
    serializers: {
      req: (request: FastifyRequest) => ({
        method: request.method,
        url: redactUrl(request.url),
        host: request.host,
        remoteAddress: request.ip,
        ...(request.socket?.remotePort !== undefined ? { remotePort: request.socket.remotePort } : {}),
      }),
      ...(pretty ? { res: (reply: Partial<FastifyReply> & Pick<FastifyReply, 'statusCode'>) => ({ statusCode: reply.statusCode, ...(reply.request ? { method: reply.request.method, url: redactUrl(reply.request.url) } : {}) }) } : {}),
    },
    redact: { paths: ['req.headers.authorization', 'req.headers.cookie', 'req.headers["idempotency-key"]'], censor: REDACTED },
  };
}
