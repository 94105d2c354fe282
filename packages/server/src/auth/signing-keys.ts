import { randomBytes } from 'node:crypto';

/** An HS256 key; `createdOn` is epoch milliseconds, used to pick the newest key and to retire old ones. */
export interface SigningKey {
  kid: string;
  secret: Uint8Array;
  createdOn: number;
}

/**
 * Where signing keys live. Production stores them in the database so that every server instance
 * can verify tokens issued by the others; `find` must keep returning retired keys until tokens
 * signed with them have expired.
 */
export interface SigningKeyStore {
  /** The key to sign new tokens with (implementations create one when none exists). */
  current(): Promise<SigningKey>;
  find(kid: string): Promise<SigningKey | undefined>;
}

export function generateSigningKey(now: number = Date.now()): SigningKey {
  return { kid: randomBytes(12).toString('base64url'), secret: new Uint8Array(randomBytes(32)), createdOn: now };
}

/** Process-local store for tests and single-instance development. */
export class InMemorySigningKeyStore implements SigningKeyStore {
  readonly #keys = new Map<string, SigningKey>();

  constructor(keys: Iterable<SigningKey> = []) {
    for (const key of keys) this.#keys.set(key.kid, key);
  }

  async current(): Promise<SigningKey> {
    let newest: SigningKey | undefined;
    for (const key of this.#keys.values()) {
      if (newest === undefined || key.createdOn >= newest.createdOn) newest = key;
    }
    return newest ?? this.rotate();
  }

  async find(kid: string): Promise<SigningKey | undefined> {
    return this.#keys.get(kid);
  }

  /** Adds a fresh key that becomes current; older keys stay verifiable. */
  rotate(now: number = Date.now()): SigningKey {
    const key = generateSigningKey(now);
    this.#keys.set(key.kid, key);
    return key;
  }

  remove(kid: string): boolean {
    return this.#keys.delete(kid);
  }
}
