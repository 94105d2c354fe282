import { Type } from '@fastify/type-provider-typebox';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { readSessionCookie, secureCookieContext, sessionCookie } from '../auth/session-cookie.js';
import { TokenEndpointLimiter } from '../auth/index.js';
import type { AppContext, LucoApp } from '../context.js';
import { forbidden, HttpProblem } from '../errors.js';
import { CSRF_HEADER } from '../plugins/auth.js';
import { problemResponses } from '../schemas/common.js';
import { problemAnswer, SessionSchema, SessionSignInBody, SignInLinkBody, SignInLinkSchema } from '../schemas/sessions.js';
import { LINK_TTL_SECONDS, SESSION_LIFETIME_SECONDS, SessionService, signInLinkUrl, type StartedSession } from '../services/sessions/sessions.js';
import type { UiSessionRecord } from '../storage/repositories/ui-sessions.js';
import { InputError } from '../wire/input-error.js';
import { iso } from '../wire/instants.js';

const TAG = 'dashboard session';
const NOTE = 'A LucoTS extension for the dashboard (docs/dashboard-api.md).';
// Client ids are short; longer text only keys the limiter.
const MAX_LIMITER_KEY = 128;

const invalidClient = (detail: string) => new HttpProblem(401, 'invalid_client', 'Unauthorized', detail, { headers: { 'www-authenticate': 'Bearer' } });

function sessionBody(session: UiSessionRecord) {
  return { clientId: session.clientId, name: session.name, role: session.role, expiresOn: iso(session.expiresOn) };
}

/**
 * The dashboard's sign-in: a session cookie for a client's id and secret or a one-time link,
 * reading and ending it, and making links (admins). Failed sign-ins count against the token
 * endpoint's limits (the same limiter), per address and per client id.
 */
export async function sessionRoutes(app: LucoApp, ctx: AppContext, options: { limiter: TokenEndpointLimiter; publicUrl: () => string }): Promise<void> {
  const sessions = new SessionService(ctx);
  const { limiter } = options;
  const setCookie = (request: FastifyRequest, reply: FastifyReply, value: string, maxAge: number) =>
    reply.header('set-cookie', sessionCookie(value, maxAge, secureCookieContext(request))).header('cache-control', 'no-store');

  app.post(
    '/lucots/v1/session',
    {
      config: { idempotent: false },
      schema: {
        tags: [TAG],
        summary: 'Sign in to the dashboard: sets the HttpOnly session cookie `luco_session` (12 hours)',
        description: `${NOTE} With \`{ clientId, clientSecret }\` (checked as POST /oauth2/token checks them) or \`{ link }\` (a one-time sign-in link, used up). Failed attempts are limited per address and client id (429 with Retry-After).`,
        security: [],
        body: SessionSignInBody,
        response: {
          200: SessionSchema,
          ...problemResponses(400),
          401: problemAnswer('Unknown client, wrong secret or revoked client (`invalid_client`); or an unknown, used or expired link'),
          429: problemAnswer('Too many failed sign-ins from this address or for this client id: wait for Retry-After seconds'),
        },
      },
    },
    async (request, reply) => {
      const body = request.body;
      const byLink = body.link !== undefined;
      if (byLink && (body.clientId !== undefined || body.clientSecret !== undefined)) throw InputError.of('link', 'goes alone: sign in with { link } or with { clientId, clientSecret }');
      if (!byLink && body.clientId === undefined) throw InputError.of('clientId', 'is required (or sign in with { link })');
      if (!byLink && body.clientSecret === undefined) throw InputError.of('clientSecret', 'is required with clientId');
      const clientKey = byLink ? undefined : body.clientId!.slice(0, MAX_LIMITER_KEY);
      const wait = limiter.admit(request.ip, clientKey);
      if (wait > 0) throw new HttpProblem(429, 'too-many-attempts', 'Too Many Requests', `Too many failed sign-ins; retry after ${wait} seconds`, { headers: { 'retry-after': String(wait) } });
      const started: StartedSession | undefined = byLink ? await sessions.signInWithLink(body.link!) : await sessions.signInWithSecret(body.clientId!, body.clientSecret!);
      if (!started) {
        limiter.recordFailure(request.ip, clientKey);
        throw invalidClient(byLink ? 'The sign-in link is unknown, already used or expired: ask for a new one' : 'Unknown client, wrong secret, or revoked client');
      }
      setCookie(request, reply, started.token, SESSION_LIFETIME_SECONDS);
      return sessionBody(started.session);
    },
  );

  app.get(
    '/lucots/v1/session',
    {
      schema: {
        tags: [TAG],
        summary: 'The current dashboard session',
        description: `${NOTE} 401 when the request has no live session cookie (none, expired, signed out, or its client was revoked).`,
        security: [{ session: [] }],
        response: { 200: SessionSchema, 401: problemAnswer('No live session: sign in') },
      },
    },
    async (request, reply) => {
      const cookie = readSessionCookie(request.headers.cookie);
      const session = await sessions.current(cookie);
      if (!session) {
        // A dead cookie is cleared, so the browser stops sending it.
        if (cookie !== undefined) setCookie(request, reply, '', 0);
        throw new HttpProblem(401, 'unauthorized', 'Unauthorized', 'Not signed in: no live dashboard session', { headers: { 'www-authenticate': 'Bearer' } });
      }
      reply.header('cache-control', 'no-store');
      return sessionBody(session);
    },
  );

  app.delete(
    '/lucots/v1/session',
    {
      schema: {
        tags: [TAG],
        summary: 'Sign out: ends the session and clears the cookie',
        description: `${NOTE} Always 204 (signing out twice is fine). With a session cookie the request must carry \`X-Luco-Request: 1\`, as every cookie-authorised change must.`,
        security: [{ session: [] }],
        response: { 204: Type.Null({ description: 'Signed out' }), ...problemResponses(403) },
      },
    },
    async (request, reply) => {
      const cookie = readSessionCookie(request.headers.cookie);
      if (cookie !== undefined && request.headers[CSRF_HEADER] !== '1') throw forbidden(`Signing out with the session cookie must carry the header X-Luco-Request: 1`);
      await sessions.signOut(cookie);
      setCookie(request, reply, '', 0);
      return reply.code(204).send(null);
    },
  );

  app.post(
    '/lucots/v1/session/links',
    {
      config: { role: 'admin', idempotent: false },
      schema: {
        tags: [TAG],
        summary: 'A one-time dashboard sign-in link for a client',
        description: `${NOTE} The link signs in once, as the client, until it expires (ttlSeconds, default ${LINK_TTL_SECONDS.default}). The token is in the URL's fragment, which browsers never send to a server. Also: \`luco-server ui-link --client <id>\`.`,
        body: SignInLinkBody,
        response: { 201: SignInLinkSchema, ...problemResponses(400, 401, 403, 404) },
      },
    },
    async (request, reply) => {
      const link = await sessions.createLink(request.body.clientId, request.body.ttlSeconds ?? LINK_TTL_SECONDS.default);
      return reply.code(201).header('cache-control', 'no-store').send({ url: signInLinkUrl(options.publicUrl(), link.token), expiresOn: iso(link.expiresOn) });
    },
  );
}
