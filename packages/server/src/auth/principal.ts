import type { Role } from './roles.js';

/** Who is calling, after a bearer token has been verified. */
export interface Principal {
  clientId: string;
  role: Role;
  /** `local`: issued by this server; `oidc`: issued by the configured external identity provider. */
  source: 'local' | 'oidc';
}

/** Anything that turns a bearer token into a Principal or throws a TokenError. */
export interface BearerVerifier {
  verify(token: string): Promise<Principal>;
}
