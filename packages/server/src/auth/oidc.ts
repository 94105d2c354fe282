import { createRemoteJWKSet, jwtVerify, type JWTPayload, type JWTVerifyGetKey } from 'jose';
import { toTokenError } from './jose-errors.js';
import type { BearerVerifier, Principal } from './principal.js';
import { highestRole, type Role } from './roles.js';
import { TokenError } from './token-error.js';
import { CLOCK_TOLERANCE_SECONDS } from './tokens.js';

/** Azure AD app-role values (defined in the app registration's manifest) and the roles they grant. */
export const DEFAULT_OIDC_ROLE_MAP: Readonly<Record<string, Role>> = Object.freeze({
  'Luco.Reader': 'reader',
  'Luco.Writer': 'writer',
  'Luco.Admin': 'admin',
});

export interface OidcVerifierOptions {
  /** Expected `iss`; Azure AD v1 and v2 endpoints differ, so several may be given. */
  issuer: string | string[];
  /** Expected `aud`, e.g. `api://luco` or the app registration's client id. */
  audience: string | string[];
  jwksUrl: string | URL;
  /** Claim holding role values: an array, or a space-separated string (as in `scp`). */
  roleClaim?: string;
  /** Replaces DEFAULT_OIDC_ROLE_MAP when given. */
  roleMap?: Record<string, Role>;
  /** Role for a valid token that carries no mapped role; without it such tokens are refused. */
  defaultRole?: Role;
  now?: () => number;
  /** Key resolver override (tests, or a pre-seeded JWKS); defaults to fetching jwksUrl. */
  keys?: JWTVerifyGetKey;
}

function claimValues(value: unknown): string[] {
  if (typeof value === 'string') return value.split(/\s+/).filter((v) => v !== '');
  if (Array.isArray(value)) return value.filter((v): v is string => typeof v === 'string');
  return [];
}

function nonEmptyString(value: unknown): string | undefined {
  return typeof value === 'string' && value !== '' ? value : undefined;
}

/** Verifies tokens from an external OpenID Connect issuer (e.g. an Azure AD service principal). */
export class OidcVerifier implements BearerVerifier {
  readonly #issuer: string | string[];
  readonly #audience: string | string[];
  readonly #keys: JWTVerifyGetKey;
  readonly #roleClaim: string;
  readonly #roleMap: ReadonlyMap<string, Role>;
  readonly #defaultRole: Role | undefined;
  readonly #now: () => number;

  constructor(options: OidcVerifierOptions) {
    this.#issuer = options.issuer;
    this.#audience = options.audience;
    // jose caches the key set and refetches (rate-limited) when it meets an unknown kid, so key rollover works.
    this.#keys = options.keys ?? createRemoteJWKSet(new URL(options.jwksUrl));
    this.#roleClaim = options.roleClaim ?? 'roles';
    // A Map, so values such as `__proto__` or `toString` cannot resolve to inherited properties.
    this.#roleMap = new Map(Object.entries(options.roleMap ?? DEFAULT_OIDC_ROLE_MAP));
    this.#defaultRole = options.defaultRole;
    this.#now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, this.#keys, {
        // Asymmetric only: an HS256 token must never be checked against a public key.
        algorithms: ['RS256', 'ES256'],
        issuer: this.#issuer,
        audience: this.#audience,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.#now()),
        requiredClaims: ['exp'],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    // v1 tokens name the client in `appid`, v2 in `azp`; `sub` is the fallback for other issuers.
    const clientId = nonEmptyString(payload['appid']) ?? nonEmptyString(payload['azp']) ?? nonEmptyString(payload.sub);
    if (clientId === undefined) throw new TokenError('malformed');
    const granted = claimValues(payload[this.#roleClaim]).flatMap((v) => {
      const role = this.#roleMap.get(v);
      return role === undefined ? [] : [role];
    });
    const role = highestRole(granted) ?? this.#defaultRole;
    if (role === undefined) throw new TokenError('no_role');
    return { clientId, role, source: 'oidc' };
  }
}
