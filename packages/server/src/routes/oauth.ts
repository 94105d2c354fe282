import { Type, type TSchema } from '@fastify/type-provider-typebox';
import type { FastifyError, FastifyReply, FastifyRequest } from 'fastify';
import { isAcceptedScope, parseClientCredentials, TokenEndpointLimiter } from '../auth/index.js';
import type { AppContext, LucoApp } from '../context.js';
import type { AuthSettings } from '../plugins/auth.js';
import { ClientService } from '../services/clients/clients.js';

const TokenResponse = Type.Object(
  {
    access_token: Type.String(),
    token_type: Type.Literal('Bearer'),
    expires_in: Type.Integer({ description: 'Seconds until the token expires' }),
  },
  { $id: 'TokenResponse' },
);

const OAuthError = Type.Object(
  {
    error: Type.String({
      description: 'RFC 6749 error code: invalid_request, invalid_client, unsupported_grant_type, invalid_scope; temporarily_unavailable (429: too many attempts) and server_error (500)',
    }),
    error_description: Type.String(),
  },
  { $id: 'OAuthError' },
);

/** Every status the token routes answer with an error, each in the OAuth error form. */
const ERROR_MEANING: Record<number, string> = {
  400: 'A malformed request, an unsupported grant type or a foreign scope',
  401: 'Unknown client, wrong secret, or revoked client',
  413: 'The body is larger than the token endpoint accepts',
  415: 'The body is not application/x-www-form-urlencoded',
  429: 'Too many attempts: wait for Retry-After seconds',
  500: 'The server failed; quote the x-request-id when reporting it',
};

function errorResponses(): Record<number, TSchema> {
  // Inlined copies (no $id), each with its own description, as the OpenAPI document shows them.
  const { $id: _id, ...shape } = OAuthError as TSchema & { $id?: string };
  return Object.fromEntries(Object.entries(ERROR_MEANING).map(([status, description]) => [status, { ...shape, description } as TSchema]));
}

const TokenForm = Type.Object(
  {
    grant_type: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

// A token request is a few hundred bytes; nothing larger needs parsing.
const BODY_LIMIT = 64 * 1024;
// Client ids are short (`luco_` and 16 hex digits); longer text only keys the limiter.
const MAX_LIMITER_KEY = 128;

/**
 * The OAuth2 client-credentials token endpoint, at `/oauth2/token` and at Azure AD's path
 * `/<tenant>/oauth2/v2.0/token`, so a client pointed at this server as its authority works
 * unchanged. The secret may come in an HTTP Basic header (as LucoPy sends it) or in the form.
 * Every answer, errors included, is in the RFC 6749 form (never a problem document), so OAuth
 * clients can read it; failed attempts are rate-limited (auth/token-endpoint-limits.ts).
 */
export async function oauthRoutes(app: LucoApp, ctx: AppContext, settings: AuthSettings, limiter = new TokenEndpointLimiter()): Promise<void> {
  const clients = new ClientService(ctx);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const oauthError = (reply: FastifyReply, status: number, error: string, description: string) => {
    if (status === 401) reply.header('www-authenticate', 'Basic realm="luco"');
    return reply.code(status).header('cache-control', 'no-store').type('application/json; charset=utf-8').send({ error, error_description: description });
  };

  // Errors on these routes before the handler (wrong content type, body too large) and
  // faults, in the endpoint's own form; the app's problem documents are not what OAuth clients read.
  const errorHandler = (error: FastifyError, request: FastifyRequest, reply: FastifyReply) => {
    // Fastify's errors carry statusCode; the app's InputError and HttpProblem carry status.
    const status = error.validation ? 400 : (error.statusCode ?? (error as { status?: number }).status ?? 500);
    if (status === 415) return oauthError(reply, 415, 'invalid_request', 'The body must be application/x-www-form-urlencoded');
    if (status === 413) return oauthError(reply, 413, 'invalid_request', `The body must be at most ${BODY_LIMIT} bytes`);
    if (status >= 400 && status < 500) return oauthError(reply, 400, 'invalid_request', 'The body must be a form with grant_type=client_credentials');
    request.log.error({ err: error }, 'token request failed');
    return oauthError(reply, 500, 'server_error', `The server failed to handle this request; quote request id ${request.id} when reporting it.`);
  };

  const schema = {
    tags: ['auth'],
    summary: 'Client-credentials token (RFC 6749 4.4)',
    security: [],
    consumes: ['application/x-www-form-urlencoded'],
    body: TokenForm,
    response: { 200: TokenResponse, ...errorResponses() },
  };

  const handler = async (request: { ip: string; headers: { authorization?: string | undefined }; body: Record<string, string | undefined> | undefined }, reply: FastifyReply) => {
    const form = request.body ?? {};
    const parsed = parseClientCredentials({ authorization: request.headers.authorization }, form);
    const clientKey = 'error' in parsed ? undefined : parsed.clientId.slice(0, MAX_LIMITER_KEY);
    const wait = limiter.admit(request.ip, clientKey);
    if (wait > 0) {
      reply.header('retry-after', String(wait));
      return oauthError(reply, 429, 'temporarily_unavailable', `Too many token requests or failed attempts; retry after ${wait} seconds`);
    }
    if (form.grant_type !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    }
    if (!isAcceptedScope(form.scope, settings.resourceId)) {
      return oauthError(reply, 400, 'invalid_scope', `scope must be ${settings.resourceId}/.default`);
    }
    if ('error' in parsed) {
      limiter.recordFailure(request.ip, undefined);
      return oauthError(reply, 401, 'invalid_client', parsed.error);
    }
    for (const candidate of parsed.candidates) {
      const client = await clients.authenticate(candidate.clientId, candidate.clientSecret);
      if (client) {
        const token = await app.tokenIssuer.issue({ clientId: client.clientId, role: client.role });
        return reply.header('cache-control', 'no-store').send({ access_token: token.accessToken, token_type: 'Bearer' as const, expires_in: token.expiresIn });
      }
    }
    limiter.recordFailure(request.ip, clientKey);
    return oauthError(reply, 401, 'invalid_client', 'Unknown client, wrong secret, or revoked client');
  };

  // Only forms: Fastify would otherwise parse JSON and text/plain too, and a string body fails the schema.
  // Checked on arrival, before any parser reads the body.
  const onRequest = async (request: FastifyRequest) => {
    const type = request.headers['content-type'];
    if (type !== undefined && !/^application\/x-www-form-urlencoded\s*(;|$)/i.test(type)) {
      throw Object.assign(new Error('unsupported media type'), { statusCode: 415 });
    }
  };

  const options = { schema, bodyLimit: BODY_LIMIT, errorHandler, onRequest, config: { idempotent: false } };
  app.post('/oauth2/token', options, handler);
  app.post('/:tenant/oauth2/v2.0/token', { ...options, schema: { ...schema, params: Type.Object({ tenant: Type.String() }) } }, handler);
}
