import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { KeyEncryptionError, KeyEncryptionKeys } from '../../src/auth/key-encryption.js';

const secret = () => new Uint8Array(randomBytes(32));
const keyText = () => KeyEncryptionKeys.generateKeyText();

describe('KeyEncryptionKeys (signing keys at rest)', () => {
  it('seals with AES-256-GCM under a versioned prefix and opens it again; the stored text does not contain the key', () => {
    const keys = KeyEncryptionKeys.parse(keyText(), 'test');
    const plain = secret();
    const sealed = keys.seal('kid-1', plain);
    expect(sealed).toMatch(/^luco-enc:v1:[0-9a-f]{12}:[\w-]{16}:[\w-]{43}:[\w-]{22}$/);
    expect(sealed).not.toContain(Buffer.from(plain).toString('base64'));
    expect(sealed).not.toContain(Buffer.from(plain).toString('base64url'));
    expect(keys.open('kid-1', sealed)).toEqual({ secret: plain, sealedWithCurrent: true });
  });

  it('uses a fresh nonce per seal', () => {
    const keys = KeyEncryptionKeys.ephemeral();
    const plain = secret();
    expect(keys.seal('k', plain)).not.toBe(keys.seal('k', plain));
  });

  it('binds the sealed value to its kid and detects tampering', () => {
    const keys = KeyEncryptionKeys.ephemeral();
    const sealed = keys.seal('kid-1', secret());
    expect(() => keys.open('kid-2', sealed)).toThrow(KeyEncryptionError);
    const parts = sealed.split(':');
    const ciphertext = parts[4]!;
    parts[4] = `${ciphertext[0] === 'A' ? 'B' : 'A'}${ciphertext.slice(1)}`;
    expect(() => keys.open('kid-1', parts.join(':'))).toThrow(/altered or belongs to another row/);
  });

  it('does not open with another key, and says which key is missing', () => {
    const sealed = KeyEncryptionKeys.ephemeral().seal('kid-1', secret());
    const other = KeyEncryptionKeys.ephemeral();
    expect(() => other.open('kid-1', sealed)).toThrow(/sealed with key-encryption key [0-9a-f]{12}, which is not among the configured keys/);
  });

  it('recognises a plaintext row of an older database and asks for it to be sealed', () => {
    const keys = KeyEncryptionKeys.ephemeral();
    const plain = secret();
    const opened = keys.open('old', Buffer.from(plain).toString('base64'));
    expect(opened).toEqual({ secret: plain, sealedWithCurrent: false });
  });

  it('a ring seals with its first key and opens with every key (rotation)', () => {
    const oldKey = keyText();
    const newKey = keyText();
    const plain = secret();
    const sealedOld = KeyEncryptionKeys.parse(oldKey, 'old').seal('k', plain);
    const ring = KeyEncryptionKeys.parse(`${newKey}, ${oldKey}`, 'ring');
    expect(ring.open('k', sealedOld)).toEqual({ secret: plain, sealedWithCurrent: false });
    const resealed = ring.seal('k', plain);
    expect(KeyEncryptionKeys.parse(newKey, 'new').open('k', resealed)).toEqual({ secret: plain, sealedWithCurrent: true });
    expect(ring.ids).toHaveLength(2);
    expect(ring.currentId).toBe(KeyEncryptionKeys.parse(newKey, 'new').currentId);
  });

  it('parses keys separated by commas or newlines, base64 or base64url; refuses others without quoting them', () => {
    const raw = randomBytes(32);
    expect(KeyEncryptionKeys.parse(`${raw.toString('base64url')}\n${keyText()}\n`, 'file').ids).toHaveLength(2);
    const short = randomBytes(16).toString('base64');
    expect(() => KeyEncryptionKeys.parse(short, 'LUCO_KEY_ENCRYPTION_KEY')).toThrow('LUCO_KEY_ENCRYPTION_KEY: key 1 is not base64 of exactly 32 bytes');
    // The whole message is fixed text: nothing of what was given is quoted.
    expect(() => KeyEncryptionKeys.parse(`${keyText()},not base64!`, 'X')).toThrow(/^X: key 2 is not base64 of exactly 32 bytes$/);
    expect(() => KeyEncryptionKeys.parse(' , ', 'X')).toThrow('X holds no key');
  });

  it('refuses a sealed format it does not know instead of treating it as plaintext', () => {
    expect(() => KeyEncryptionKeys.ephemeral().open('k', 'luco-enc:v9:abc:def:ghi:jkl')).toThrow(/format this server does not know \(v9\)/);
  });
});
