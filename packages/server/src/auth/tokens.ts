import { randomUUID } from 'node:crypto';
import { SignJWT, decodeJwt, decodeProtectedHeader, jwtVerify, type JWTPayload, type ProtectedHeaderParameters } from 'jose';
import { toTokenError } from './jose-errors.js';
import type { BearerVerifier, Principal } from './principal.js';
import { isRole, type Role } from './roles.js';
import type { SigningKey, SigningKeyStore } from './signing-keys.js';
import { TokenError } from './token-error.js';
import { VerifiedTokenCache } from './verified-token-cache.js';

export const DEFAULT_TOKEN_LIFETIME_SECONDS = 3600;
export const CLOCK_TOLERANCE_SECONDS = 30;
// Far above any token we or Azure AD issue; stops oversized input before any parsing or DB lookup.
const MAX_TOKEN_LENGTH = 16 * 1024;
const MAX_KID_LENGTH = 256;

/** Audiences a client may ask for: the bare resource id and its Azure-style `api://` form. */
export function acceptedAudiences(resourceId: string): string[] {
  return [resourceId, `api://${resourceId}`];
}

export interface TokenIssuerOptions {
  keys: SigningKeyStore;
  issuer: string;
  /** The resource id (e.g. `luco`). */
  audience: string;
  lifetimeSeconds?: number;
  /** Epoch milliseconds; injectable for tests. */
  now?: () => number;
}

export interface IssuedToken {
  accessToken: string;
  expiresIn: number;
  tokenType: 'Bearer';
}

/** Issues short-lived HS256 access tokens with the store's current key. */
export class TokenIssuer {
  readonly #keys: SigningKeyStore;
  readonly #issuer: string;
  readonly #audience: string;
  readonly #lifetime: number;
  readonly #now: () => number;

  constructor(options: TokenIssuerOptions) {
    const lifetime = options.lifetimeSeconds ?? DEFAULT_TOKEN_LIFETIME_SECONDS;
    if (!Number.isInteger(lifetime) || lifetime <= 0) throw new RangeError('lifetimeSeconds must be a positive integer');
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#audience = options.audience;
    this.#lifetime = lifetime;
    this.#now = options.now ?? Date.now;
  }

  async issue(subject: { clientId: string; role: Role }): Promise<IssuedToken> {
    const key = await this.#keys.current();
    const iat = Math.floor(this.#now() / 1000);
    const accessToken = await new SignJWT({ role: subject.role })
      .setProtectedHeader({ alg: 'HS256', typ: 'JWT', kid: key.kid })
      .setSubject(subject.clientId)
      .setIssuer(this.#issuer)
      .setAudience(this.#audience)
      .setIssuedAt(iat)
      .setExpirationTime(iat + this.#lifetime)
      .setJti(randomUUID())
      .sign(key.secret);
    return { accessToken, expiresIn: this.#lifetime, tokenType: 'Bearer' };
  }
}

export interface TokenVerifierOptions {
  keys: SigningKeyStore;
  issuer: string;
  /** The resource id; `api://<resourceId>` is accepted as well. */
  audience: string;
  /** Verifier for tokens whose `iss` is not ours, e.g. an OidcVerifier. */
  oidc?: BearerVerifier;
  now?: () => number;
}

function decode(token: string): { header: ProtectedHeaderParameters; payload: JWTPayload } {
  try {
    return { header: decodeProtectedHeader(token), payload: decodeJwt(token) };
  } catch {
    throw new TokenError('malformed');
  }
}

/** Verifies bearer tokens: ours by key id from the store, anything else via the external issuer. */
export class TokenVerifier implements BearerVerifier {
  readonly #keys: SigningKeyStore;
  readonly #issuer: string;
  readonly #audiences: string[];
  readonly #oidc: BearerVerifier | undefined;
  readonly #now: () => number;
  readonly #verified = new VerifiedTokenCache();

  constructor(options: TokenVerifierOptions) {
    this.#keys = options.keys;
    this.#issuer = options.issuer;
    this.#audiences = acceptedAudiences(options.audience);
    this.#oidc = options.oidc;
    this.#now = options.now ?? Date.now;
  }

  async verify(token: string): Promise<Principal> {
    if (typeof token !== 'string' || token.length === 0 || token.length > MAX_TOKEN_LENGTH) {
      throw new TokenError('malformed');
    }
    const known = this.#verified.get(token, this.#now());
    if (known && (await this.#keys.find(known.key.kid)) === known.key) return known.principal;
    // Unverified peek, only to route the token; nothing from it is trusted before jwtVerify.
    const { header, payload } = decode(token);
    if (payload.iss !== this.#issuer) {
      if (this.#oidc === undefined) throw new TokenError('wrong_issuer');
      return this.#oidc.verify(token);
    }
    const { principal, key, expiresAt } = await this.#verifyLocal(token, header);
    this.#verified.set(token, { principal, key, validUntil: (expiresAt + CLOCK_TOLERANCE_SECONDS) * 1000 });
    return principal;
  }

  async #verifyLocal(token: string, header: ProtectedHeaderParameters): Promise<{ principal: Principal; key: SigningKey; expiresAt: number }> {
    // Only HS256: refusing everything else rules out alg=none and algorithm-confusion tricks.
    if (header.alg !== 'HS256') throw new TokenError('bad_signature');
    const kid = header.kid;
    if (typeof kid !== 'string' || kid.length === 0 || kid.length > MAX_KID_LENGTH) throw new TokenError('unknown_key');
    // Store failures (e.g. database down) propagate unchanged: they are not the caller's fault.
    const key = await this.#keys.find(kid);
    if (key === undefined) throw new TokenError('unknown_key');

    let payload: JWTPayload;
    try {
      ({ payload } = await jwtVerify(token, key.secret, {
        algorithms: ['HS256'],
        issuer: this.#issuer,
        audience: this.#audiences,
        clockTolerance: CLOCK_TOLERANCE_SECONDS,
        currentDate: new Date(this.#now()),
        requiredClaims: ['sub', 'exp', 'iat'],
      }));
    } catch (error) {
      throw toTokenError(error);
    }
    if (typeof payload.sub !== 'string' || payload.sub === '') throw new TokenError('malformed');
    if (!isRole(payload['role'])) throw new TokenError('no_role');
    // requiredClaims guarantees exp; jose checked it is a number.
    return { principal: { clientId: payload.sub, role: payload['role'], source: 'local' }, key, expiresAt: payload.exp as number };
  }
}
