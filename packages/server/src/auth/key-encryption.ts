import { createCipheriv, createDecipheriv, createHash, randomBytes } from 'node:crypto';

const KEY_BYTES = 32;
const NONCE_BYTES = 12;
const TAG_BYTES = 16;
/** Marks a sealed value; anything without it is a plaintext row from before encryption at rest. */
const SEALED_PREFIX = 'luco-enc:';
const VERSION = 'v1';
const BASE64 = /^[A-Za-z0-9+/_-]+={0,2}$/;

/** Why a sealed secret could not be opened. Never carries key material. */
export class KeyEncryptionError extends Error {
  override readonly name = 'KeyEncryptionError';
}

export interface OpenedSecret {
  secret: Uint8Array;
  /** False for a plaintext row or one sealed with an older key: it should be sealed again. */
  sealedWithCurrent: boolean;
}

interface RingKey {
  id: string;
  key: Buffer;
}

/** A short public name for a key (so a sealed value says which key sealed it); reveals nothing usable. */
function keyId(key: Buffer): string {
  return createHash('sha256').update('luco key-encryption key id\0').update(key).digest('hex').slice(0, 12);
}

function decodeKey(text: string): Buffer | undefined {
  if (!BASE64.test(text)) return undefined;
  const key = Buffer.from(text.replace(/-/g, '+').replace(/_/g, '/'), 'base64');
  return key.length === KEY_BYTES ? key : undefined;
}

/**
 * The keys that encrypt signing keys at rest (AES-256-GCM), kept outside the database. The first
 * key seals; every key opens, so a ring `new,old` reads what `old` sealed while it is re-sealed.
 * A sealed value is `luco-enc:v1:<key id>:<nonce>:<ciphertext>:<tag>` (base64url); the signing
 * key's kid is the associated data, so a sealed value moved to another row does not open.
 */
export class KeyEncryptionKeys {
  readonly #ring: readonly RingKey[];
  readonly #current: RingKey;

  private constructor(keys: [Buffer, ...Buffer[]]) {
    this.#ring = keys.map((key) => ({ id: keyId(key), key }));
    this.#current = this.#ring[0] as RingKey;
  }

  /** A fresh random key as text (base64 of 32 bytes), e.g. for LUCO_KEY_ENCRYPTION_KEY or a key file. */
  static generateKeyText(): string {
    return randomBytes(KEY_BYTES).toString('base64');
  }

  /** One random key, e.g. for an in-memory database whose rows die with the process. */
  static ephemeral(): KeyEncryptionKeys {
    return new KeyEncryptionKeys([randomBytes(KEY_BYTES)]);
  }

  /**
   * Reads keys separated by commas, spaces or newlines, current first. `source` names where they
   * came from, for error messages; the messages never quote the text.
   */
  static parse(text: string, source: string): KeyEncryptionKeys {
    const items = text.split(/[\s,]+/).filter((item) => item !== '');
    if (items.length === 0) throw new KeyEncryptionError(`${source} holds no key`);
    const keys = items.map((item, index) => {
      const key = decodeKey(item);
      if (key === undefined) throw new KeyEncryptionError(`${source}: key ${index + 1} is not base64 of exactly ${KEY_BYTES} bytes`);
      return key;
    });
    return new KeyEncryptionKeys(keys as [Buffer, ...Buffer[]]);
  }

  /** The id of the key that seals, as sealed values name it. */
  get currentId(): string {
    return this.#current.id;
  }

  get ids(): string[] {
    return this.#ring.map((entry) => entry.id);
  }

  static isSealed(stored: string): boolean {
    return stored.startsWith(SEALED_PREFIX);
  }

  seal(kid: string, secret: Uint8Array): string {
    const nonce = randomBytes(NONCE_BYTES);
    const cipher = createCipheriv('aes-256-gcm', this.#current.key, nonce, { authTagLength: TAG_BYTES });
    cipher.setAAD(associatedData(kid));
    const ciphertext = Buffer.concat([cipher.update(secret), cipher.final()]);
    const parts = [VERSION, this.#current.id, nonce.toString('base64url'), ciphertext.toString('base64url'), cipher.getAuthTag().toString('base64url')];
    return `${SEALED_PREFIX}${parts.join(':')}`;
  }

  /** Opens a sealed value, or reads a plaintext (base64) one from before encryption at rest. */
  open(kid: string, stored: string): OpenedSecret {
    if (!KeyEncryptionKeys.isSealed(stored)) {
      const secret = Buffer.from(stored, 'base64');
      if (secret.length === 0) throw new KeyEncryptionError(`signing key ${kid} is neither sealed nor a readable plaintext key`);
      return { secret: new Uint8Array(secret), sealedWithCurrent: false };
    }
    const [version, id, nonceText, ciphertextText, tagText, ...rest] = stored.slice(SEALED_PREFIX.length).split(':');
    if (version !== VERSION || rest.length > 0 || tagText === undefined) {
      throw new KeyEncryptionError(`signing key ${kid} is sealed in a format this server does not know (${version ?? 'none'}); is the server older than the database?`);
    }
    const entry = this.#ring.find((candidate) => candidate.id === id);
    if (entry === undefined) {
      throw new KeyEncryptionError(`signing key ${kid} was sealed with key-encryption key ${id}, which is not among the configured keys (${this.ids.join(', ')})`);
    }
    try {
      const decipher = createDecipheriv('aes-256-gcm', entry.key, Buffer.from(nonceText ?? '', 'base64url'), { authTagLength: TAG_BYTES });
      decipher.setAAD(associatedData(kid));
      decipher.setAuthTag(Buffer.from(tagText, 'base64url'));
      const secret = Buffer.concat([decipher.update(Buffer.from(ciphertextText ?? '', 'base64url')), decipher.final()]);
      return { secret: new Uint8Array(secret), sealedWithCurrent: entry === this.#current };
    } catch {
      throw new KeyEncryptionError(`signing key ${kid} does not decrypt with key-encryption key ${id}: the stored value was altered or belongs to another row`);
    }
  }
}

function associatedData(kid: string): Buffer {
  return Buffer.from(`${SEALED_PREFIX}${VERSION}:${kid}`, 'utf8');
}
