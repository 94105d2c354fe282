import { performance } from 'node:perf_hooks';
import type { Principal } from './principal.js';
import type { Role } from './roles.js';
import { TokenError } from './token-error.js';

/** How long a process trusts what it last read about a client: a revocation takes at most this long. */
export const CLIENT_STATE_TTL_MS = 5_000;
const DEFAULT_CAPACITY = 10_000;

/** A client as the database has it now. */
export interface ClientState {
  role: Role;
  revoked: boolean;
}

/** Reads a client's current state; undefined when no such client exists. */
export type ClientStateLookup = (clientId: string) => Promise<ClientState | undefined>;

export interface ClientStateCheckOptions {
  ttlMs?: number;
  /** Monotonic milliseconds; injectable for tests. Not the app's (pinnable) wall clock. */
  clock?: () => number;
  capacity?: number;
}

/**
 * A token we issued stays valid until it expires, but its client may be revoked (or change
 * role) meanwhile. Each request's client is checked against the database, remembered per
 * process for a few seconds: a revocation by any instance or by the CLI is honoured by every
 * instance within CLIENT_STATE_TTL_MS, for one query per client per interval.
 */
export class ClientStateCheck {
  readonly #lookup: ClientStateLookup;
  readonly #ttlMs: number;
  readonly #clock: () => number;
  readonly #capacity: number;
  readonly #entries = new Map<string, { state: Promise<ClientState | undefined>; readAt: number }>();

  constructor(lookup: ClientStateLookup, options: ClientStateCheckOptions = {}) {
    this.#lookup = lookup;
    this.#ttlMs = options.ttlMs ?? CLIENT_STATE_TTL_MS;
    this.#clock = options.clock ?? (() => performance.now());
    this.#capacity = options.capacity ?? DEFAULT_CAPACITY;
  }

  /** Throws a TokenError when the principal's client is gone, revoked, or now has another role. */
  async confirm(principal: Principal): Promise<void> {
    // External (OIDC) clients are not ours: their issuer decides, we have no row for them.
    if (principal.source !== 'local') return;
    const state = await this.#state(principal.clientId);
    if (state === undefined || state.revoked) throw new TokenError('revoked');
    if (state.role !== principal.role) throw new TokenError('role_changed');
  }

  #state(clientId: string): Promise<ClientState | undefined> {
    const now = this.#clock();
    const entry = this.#entries.get(clientId);
    // Timed from when the read started, so the answer is never older than the interval.
    if (entry && now - entry.readAt < this.#ttlMs) return entry.state;
    this.#entries.delete(clientId);
    if (this.#entries.size >= this.#capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    // Concurrent requests of one client share the read.
    const state = this.#lookup(clientId);
    this.#entries.set(clientId, { state, readAt: now });
    // A failed read is not remembered: the next request asks again.
    state.catch(() => {
      if (this.#entries.get(clientId)?.state === state) this.#entries.delete(clientId);
    });
    return state;
  }
}
