import { describe, expect, it } from 'vitest';
import { generateClientId, generateClientSecret, hashSecret, verifySecret } from '../../src/auth/secrets.js';

describe('client ids and secrets', () => {
  it('generates luco_ + 16 hex ids, unique', () => {
    const a = generateClientId();
    expect(a).toMatch(/^luco_[0-9a-f]{16}$/);
    expect(generateClientId()).not.toBe(a);
  });

  it('generates base64url secrets of at least 32 bytes, unique', () => {
    const s = generateClientSecret();
    expect(s).toMatch(/^[A-Za-z0-9_-]+$/);
    expect(Buffer.from(s, 'base64url').length).toBeGreaterThanOrEqual(32);
    expect(generateClientSecret()).not.toBe(s);
  });
});

describe('hashSecret / verifySecret', () => {
  it('round-trips and stores a self-describing string without the secret', async () => {
    const secret = generateClientSecret();
    const stored = await hashSecret(secret);
    expect(stored).toMatch(/^scrypt\$16384\$8\$1\$[A-Za-z0-9+/]+=*\$[A-Za-z0-9+/]+=*$/);
    expect(stored).not.toContain(secret);
    expect(await verifySecret(secret, stored)).toBe(true);
  });

  it('uses a random salt', async () => {
    const [a, b] = await Promise.all([hashSecret('same secret'), hashSecret('same secret')]);
    expect(a).not.toBe(b);
    expect(await verifySecret('same secret', a)).toBe(true);
    expect(await verifySecret('same secret', b)).toBe(true);
  });

  it('rejects a wrong secret', async () => {
    const stored = await hashSecret('correct horse battery staple');
    expect(await verifySecret('correct horse battery stapl', stored)).toBe(false);
    expect(await verifySecret('', stored)).toBe(false);
    expect(await verifySecret('Correct horse battery staple', stored)).toBe(false);
  });

  it('verifies with the parameters stored in the string', async () => {
    const stored = await hashSecret('s3cret');
    const [, , , , salt, hash] = stored.split('$');
    // Same salt/hash but other parameters must not verify: the parameters are part of the derivation.
    expect(await verifySecret('s3cret', `scrypt$8192$8$1$${salt}$${hash}`)).toBe(false);
  });

  it('returns false (never throws) for malformed stored values', async () => {
    const good = await hashSecret('x');
    const [, , , , salt = '', hash = ''] = good.split('$');
    const malformed = [
      '',
      'plain-text-secret',
      '$2b$10$abcdefghijklmnopqrstuu',
      `scrypt$16384$8$1$${salt}`,
      `scrypt$16384$8$1$${salt}$${hash}$extra`,
      `bcrypt$16384$8$1$${salt}$${hash}`,
      `scrypt$abc$8$1$${salt}$${hash}`,
      `scrypt$1000$8$1$${salt}$${hash}`, // N not a power of two
      `scrypt$1073741824$8$1$${salt}$${hash}`, // N far too large
      `scrypt$16384$0$1$${salt}$${hash}`,
      `scrypt$16384$8$1$!!notbase64!!$${hash}`,
      `scrypt$16384$8$1$${salt}$`,
      `scrypt$16384$8$1$${salt}$AAAA`, // hash too short
    ];
    for (const stored of malformed) {
      await expect(verifySecret('x', stored), stored).resolves.toBe(false);
    }
    expect(await verifySecret('x', good)).toBe(true);
  });
});
