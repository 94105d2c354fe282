import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply } from 'fastify';
import { isAcceptedScope, parseClientCredentials } from '../auth/index.js';
import type { AppContext, LucoApp } from '../context.js';
import type { AuthSettings } from '../plugins/auth.js';
import { ClientService } from '../services/clients.js';

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
    error: Type.String({ description: 'RFC 6749 error code: invalid_request, invalid_client, unsupported_grant_type, invalid_scope' }),
    error_description: Type.String(),
  },
  { $id: 'OAuthError' },
);

const TokenForm = Type.Object(
  {
    grant_type: Type.Optional(Type.String()),
    scope: Type.Optional(Type.String()),
    client_id: Type.Optional(Type.String()),
    client_secret: Type.Optional(Type.String()),
  },
  { additionalProperties: true },
);

/**
 * The OAuth2 client-credentials token endpoint, at `/oauth2/token` and at Azure AD's path
 * `/<tenant>/oauth2/v2.0/token`, so a client pointed at this server as its authority works
 * unchanged. The secret may come in an HTTP Basic header (as LucoPy sends it) or in the form.
 */
export async function oauthRoutes(app: LucoApp, ctx: AppContext, settings: AuthSettings): Promise<void> {
  const clients = new ClientService(ctx);

  app.addContentTypeParser('application/x-www-form-urlencoded', { parseAs: 'string' }, (_request, body, done) => {
    done(null, Object.fromEntries(new URLSearchParams(body as string)));
  });

  const oauthError = (reply: FastifyReply, status: number, error: string, description: string) => {
    if (status === 401) reply.header('www-authenticate', 'Basic realm="luco"');
    return reply.code(status).header('cache-control', 'no-store').send({ error, error_description: description });
  };

  const schema = {
    tags: ['auth'],
    summary: 'Client-credentials token (RFC 6749 4.4)',
    security: [],
    consumes: ['application/x-www-form-urlencoded'],
    body: TokenForm,
    response: { 200: TokenResponse, 400: OAuthError, 401: OAuthError },
  };

  const handler = async (request: { headers: { authorization?: string | undefined }; body: Record<string, string | undefined> | undefined }, reply: FastifyReply) => {
    const form = request.body ?? {};
    if (form.grant_type !== 'client_credentials') {
      return oauthError(reply, 400, 'unsupported_grant_type', 'grant_type must be client_credentials');
    }
    if (!isAcceptedScope(form.scope, settings.resourceId)) {
      return oauthError(reply, 400, 'invalid_scope', `scope must be ${settings.resourceId}/.default`);
    }
    const parsed = parseClientCredentials({ authorization: request.headers.authorization }, form);
    if ('error' in parsed) return oauthError(reply, 401, 'invalid_client', parsed.error);
    for (const candidate of parsed.candidates) {
      const client = await clients.authenticate(candidate.clientId, candidate.clientSecret);
      if (client) {
        const token = await app.tokenIssuer.issue({ clientId: client.clientId, role: client.role });
        return reply.header('cache-control', 'no-store').send({ access_token: token.accessToken, token_type: 'Bearer' as const, expires_in: token.expiresIn });
      }
    }
    return oauthError(reply, 401, 'invalid_client', 'Unknown client, wrong secret, or revoked client');
  };

  app.post('/oauth2/token', { schema, config: { idempotent: false } }, handler);
  app.post('/:tenant/oauth2/v2.0/token', { schema: { ...schema, params: Type.Object({ tenant: Type.String() }) }, config: { idempotent: false } }, handler);
}
