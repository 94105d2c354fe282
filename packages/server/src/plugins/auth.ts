import { ClientStateCheck, KeyEncryptionKeys, OidcVerifier, type Principal, type Role, roleAllows, TokenError, TokenIssuer, TokenVerifier } from '../auth/index.js';
import type { AppContext, LucoApp } from '../context.js';
import { forbidden, HttpProblem, unauthorized } from '../errors.js';
import { ClientService } from '../services/clients/clients.js';
import { DatabaseSigningKeyStore } from '../storage/repositories/signing-keys.js';
import { readSessionCookie } from '../auth/session-cookie.js';
import { SessionService } from '../services/sessions/sessions.js';
import { IngestKeyService, isIngestKey } from '../services/clients/ingest-keys.js';

export interface OidcSettings {
  issuer: string;
  audience: string;
  jwksUrl: string;
  roleClaim?: string | undefined;
  defaultRole?: Role | undefined;
}

export interface AuthSettings {
  /** Off only for local experiments and tests: every caller is then an admin. */
  enabled: boolean;
  /** The scope clients ask for is `<resourceId>/.default`; tokens carry it as audience. */
  resourceId: string;
  /** `iss` of the tokens this server signs. */
  issuer: string;
  tokenLifetimeSeconds?: number | undefined;
  oidc?: OidcSettings | undefined;
  /**
   * Seals the signing keys stored in the database. `luco-server serve` always gives one (see
   * cli/key-encryption-source.ts); without it a random key of this process is used, which suits
   * an in-memory database only: another process could not read the keys it sealed.
   */
  keyEncryption?: KeyEncryptionKeys | undefined;
}

declare module 'fastify' {
  interface FastifyContextConfig {
    /** The least role that may call the route; routes without one are public. */
    role?: Role;
    /** The route also takes a client's ingest key as its bearer token (OpenLineage's `api_key`). */
    ingestKeys?: boolean;
  }
  interface FastifyRequest {
    principal: Principal | undefined;
  }
  interface FastifyInstance {
    tokenIssuer: TokenIssuer;
  }
}

/** Methods that change nothing: the only ones a session cookie alone may authorise. */
const SAFE_METHODS = new Set(['GET', 'HEAD']);
/** The header the dashboard sends on every other method (lower case, as Node gives headers). */
export const CSRF_HEADER = 'x-luco-request';

const ANONYMOUS_ADMIN: Principal = { clientId: 'anonymous', role: 'admin', source: 'local' };

/**
 * Bearer-token checks for every route that names a role: 401 for a missing, wrong, expired,
 * forged or wrong-audience token, or one whose client was revoked (honoured within
 * CLIENT_STATE_TTL_MS on every instance); 403 for a role that may not act. Tokens never reach a log.
 * Without an Authorization header the dashboard's session cookie is accepted instead (same roles;
 * a revoked client's sessions end at once); a cookie alone authorises only GET and HEAD unless the
 * request carries `X-Luco-Request: 1` (CSRF).
 */
export async function registerAuth(app: LucoApp, ctx: AppContext, settings: AuthSettings): Promise<void> {
  const keys = new DatabaseSigningKeyStore(ctx.db, ctx.keyEncryption);
  const clients = new ClientService(ctx);
  const clientState = new ClientStateCheck((clientId) => clients.state(clientId));
  const now = () => ctx.now();
  app.decorate('tokenIssuer', new TokenIssuer({ keys, issuer: settings.issuer, audience: settings.resourceId, now, ...(settings.tokenLifetimeSeconds ? { lifetimeSeconds: settings.tokenLifetimeSeconds } : {}) }));
  const oidc = settings.oidc
    ? new OidcVerifier({
        issuer: settings.oidc.issuer,
        audience: settings.oidc.audience,
        jwksUrl: settings.oidc.jwksUrl,
        ...(settings.oidc.roleClaim ? { roleClaim: settings.oidc.roleClaim } : {}),
        ...(settings.oidc.defaultRole ? { defaultRole: settings.oidc.defaultRole } : {}),
      })
    : undefined;
  const verifier = new TokenVerifier({ keys, issuer: settings.issuer, audience: settings.resourceId, now, ...(oidc ? { oidc } : {}) });

  const sessions = new SessionService(ctx);
  const ingestKeys = new IngestKeyService(ctx);

  // Read with its client on every request, so revoking either stops the key at once.
  const ingestKeyPrincipal = async (header: string | string[] | undefined): Promise<Principal | undefined> => {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1] || !isIngestKey(match[1])) return undefined;
    const principal = await ingestKeys.authenticate(match[1]);
    if (!principal) throw unauthorized('The ingest key was refused (unknown or revoked, or its client was revoked)');
    return principal;
  };

  const bearerPrincipal = async (header: string | string[] | undefined): Promise<Principal> => {
    const match = typeof header === 'string' ? /^Bearer\s+(\S+)\s*$/i.exec(header) : null;
    if (!match?.[1]) throw unauthorized('A bearer token is required: get one from POST /oauth2/token (or sign in to the dashboard: POST /lucots/v1/session)');
    try {
      const principal = await verifier.verify(match[1]);
      // A valid signature is not enough: the client may have been revoked since (by any instance).
      await clientState.confirm(principal);
      return principal;
    } catch (error) {
      if (error instanceof TokenError && error.reason === 'unavailable') {
        throw new HttpProblem(503, 'unavailable', 'Service Unavailable', 'The identity provider could not be reached to check this token; retry shortly', { headers: { 'retry-after': '5' } });
      }
      if (error instanceof TokenError) throw unauthorized(`The bearer token was refused (${error.reason})`);
      throw error;
    }
  };

  // The session row is read with its client's on every request: a revoked client is refused at once.
  const sessionPrincipal = async (cookie: string, method: string, marker: string | string[] | undefined): Promise<Principal> => {
    const session = await sessions.current(cookie);
    if (!session) throw unauthorized('The dashboard session has ended (expired, signed out, or its client was revoked): sign in again');
    // A cross-site form can make the browser send the cookie but cannot add a header.
    if (!SAFE_METHODS.has(method) && marker !== '1') throw forbidden(`A ${method} signed in by the session cookie must carry the header X-Luco-Request: 1`);
    return { clientId: session.clientId, role: session.role, source: 'local' };
  };

  app.decorateRequest('principal', undefined);
  app.addHook('onRequest', async (request) => {
    const needed = request.routeOptions.config?.role;
    if (!needed) return;
    if (!settings.enabled) {
      request.principal = ANONYMOUS_ADMIN;
      return;
    }
    const header = request.headers.authorization;
    // An Authorization header, when present, wins over the cookie.
    const cookie = header === undefined ? readSessionCookie(request.headers.cookie) : undefined;
    const byIngestKey = request.routeOptions.config?.ingestKeys === true ? await ingestKeyPrincipal(header) : undefined;
    request.principal =
      byIngestKey ?? (cookie !== undefined ? await sessionPrincipal(cookie, request.method, request.headers[CSRF_HEADER]) : await bearerPrincipal(header));
    if (!roleAllows(request.principal.role, needed)) {
      throw forbidden(`This needs the ${needed} role; client ${request.principal.clientId} is a ${request.principal.role}`);
    }
  });
}
