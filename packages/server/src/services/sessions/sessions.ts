import { generateOpaqueToken, hashOpaqueToken, isOpaqueToken } from '../../auth/opaque-tokens.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { ClientRepository } from '../../storage/repositories/clients.js';
import { UiSessionRepository, type UiSessionRecord } from '../../storage/repositories/ui-sessions.js';
import { UiSignInLinkRepository } from '../../storage/repositories/ui-sign-in-links.js';
import { ClientService } from '../clients/clients.js';

/** How long a dashboard session lasts (not sliding: a day's work, then sign in again). */
export const SESSION_LIFETIME_SECONDS = 12 * 60 * 60;
/** Bounds and default of a one-time sign-in link's life. */
export const LINK_TTL_SECONDS = { min: 60, max: 3600, default: 600 } as const;

/** A new session: the cookie value (given to the browser once, never stored) and what it grants. */
export interface StartedSession {
  token: string;
  session: UiSessionRecord;
}

/** Dashboard sessions: signing in (with a client's secret or a one-time link), reading, signing out. */
export class SessionService {
  readonly #sessions: UiSessionRepository;
  readonly #links: UiSignInLinkRepository;
  readonly #clients: ClientService;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'now'>) {
    this.#sessions = new UiSessionRepository(ctx.db);
    this.#links = new UiSignInLinkRepository(ctx.db);
    this.#clients = new ClientService(ctx);
  }

  /** A session for these client credentials, checked as the token endpoint checks them; undefined when refused. */
  async signInWithSecret(clientId: string, clientSecret: string): Promise<StartedSession | undefined> {
    const client = await this.#clients.authenticate(clientId, clientSecret);
    return client ? this.#start(client.clientId) : undefined;
  }

  /** A session for the client of a one-time link, which is used up; undefined for an unknown, used or expired link. */
  async signInWithLink(link: string): Promise<StartedSession | undefined> {
    if (!isOpaqueToken(link)) return undefined;
    const clientId = await this.#links.redeem(hashOpaqueToken(link), this.ctx.now());
    return clientId === undefined ? undefined : this.#start(clientId);
  }

  /** The live session of a cookie value (unexpired, its client not revoked), or undefined. */
  async current(token: string | undefined): Promise<UiSessionRecord | undefined> {
    if (!isOpaqueToken(token)) return undefined;
    return this.#sessions.findLive(hashOpaqueToken(token), this.ctx.now());
  }

  async signOut(token: string | undefined): Promise<void> {
    if (isOpaqueToken(token)) await this.#sessions.delete(hashOpaqueToken(token));
  }

  /** A one-time link for an active client; 404 when there is none by that id. */
  async createLink(clientId: string, ttlSeconds: number = LINK_TTL_SECONDS.default): Promise<{ token: string; expiresOn: number }> {
    if (!Number.isInteger(ttlSeconds) || ttlSeconds < LINK_TTL_SECONDS.min || ttlSeconds > LINK_TTL_SECONDS.max) {
      throw new RangeError(`a link lives ${LINK_TTL_SECONDS.min} to ${LINK_TTL_SECONDS.max} seconds`);
    }
    const state = clientId.length <= 256 && !clientId.includes('\u0000') ? await new ClientRepository(this.ctx.db).findState(clientId) : undefined;
    if (state === undefined || state.revoked) throw notFound(`No active client ${clientId}`, { reason: 'client-not-found' });
    const now = this.ctx.now();
    await this.#links.deleteExpired(now);
    const token = generateOpaqueToken();
    const expiresOn = now + ttlSeconds * 1000;
    await this.#links.insert({ tokenHash: hashOpaqueToken(token), clientId, createdOn: now, expiresOn });
    return { token, expiresOn };
  }

  async #start(clientId: string): Promise<StartedSession | undefined> {
    const now = this.ctx.now();
    await this.#sessions.deleteExpired(now);
    const token = generateOpaqueToken();
    await this.#sessions.insert({ tokenHash: hashOpaqueToken(token), clientId, createdOn: now, expiresOn: now + SESSION_LIFETIME_SECONDS * 1000 });
    // Read back through the same rule every later request uses (a client revoked meanwhile gets none).
    const session = await this.#sessions.findLive(hashOpaqueToken(token), now);
    return session ? { token, session } : undefined;
  }
}

/** The dashboard URL that signs in with a link token (the token travels in the fragment, never to a server log). */
export function signInLinkUrl(publicUrl: string, token: string): string {
  return `${publicUrl.replace(/\/+$/, '')}/ui/sign-in#link=${token}`;
}
