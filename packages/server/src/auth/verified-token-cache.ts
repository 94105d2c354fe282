import type { Principal } from './principal.js';
import type { SigningKey } from './signing-keys.js';

export interface VerifiedToken {
  principal: Principal;
  /** The key that checked it: a hit counts only while the store still has that very key. */
  key: SigningKey;
  /** Epoch ms after which the verifier would refuse the token (exp + clock tolerance). */
  validUntil: number;
}

const DEFAULT_CAPACITY = 1_000;

/**
 * Tokens this process already verified, until they expire. A token is self-contained (nothing
 * about it can change before `exp`), so checking its HMAC once instead of on every request is
 * the same decision made once; keyed by the whole token string, so a changed byte misses. The
 * caller still confirms the key is in the store, so removing a key refuses its tokens at once.
 */
export class VerifiedTokenCache {
  readonly #entries = new Map<string, VerifiedToken>();

  constructor(private readonly capacity = DEFAULT_CAPACITY) {}

  get(token: string, now: number): VerifiedToken | undefined {
    const entry = this.#entries.get(token);
    if (!entry) return undefined;
    if (now >= entry.validUntil) {
      this.#entries.delete(token);
      return undefined;
    }
    return entry;
  }

  set(token: string, verified: VerifiedToken): void {
    if (this.#entries.size >= this.capacity) {
      const oldest = this.#entries.keys().next().value;
      if (oldest !== undefined) this.#entries.delete(oldest);
    }
    this.#entries.set(token, verified);
  }
}
