import { randomBytes, scrypt, timingSafeEqual, type ScryptOptions } from 'node:crypto';

// Interactive-login strength; client secrets are high-entropy, so this mainly protects a leaked DB.
const N = 16384;
const R = 8;
const P = 1;
const SALT_BYTES = 16;
const HASH_BYTES = 32;

// Bounds for parameters read back from storage, so a corrupt row cannot make us burn memory/CPU.
const MAX_N = 1 << 20;
const MAX_R = 32;
const MAX_P = 16;
const MAX_MEMORY = 256 * 1024 * 1024;
const BASE64 = /^[A-Za-z0-9+/]+={0,2}$/;

export function generateClientId(): string {
  return `luco_${randomBytes(8).toString('hex')}`;
}

export function generateClientSecret(): string {
  return randomBytes(32).toString('base64url');
}

function derive(secret: string, salt: Buffer, keylen: number, n: number, r: number, p: number): Promise<Buffer> {
  // Node's default maxmem (32 MiB) is below what larger stored parameters need; 128*N*r is the real cost.
  const options: ScryptOptions = { N: n, r, p, maxmem: 128 * r * (n + p + 2) + 1024 * 1024 };
  return new Promise((resolve, reject) => {
    scrypt(secret, salt, keylen, options, (err, key) => (err ? reject(err) : resolve(key)));
  });
}

/** Hashes a secret as `scrypt$N$r$p$saltB64$hashB64`, so parameters can change without breaking old rows. */
export async function hashSecret(secret: string): Promise<string> {
  const salt = randomBytes(SALT_BYTES);
  const hash = await derive(secret, salt, HASH_BYTES, N, R, P);
  return ['scrypt', N, R, P, salt.toString('base64'), hash.toString('base64')].join('$');
}

/**
 * A well-formed hash with the current parameters that no secret matches in practice (its salt is
 * random per process). Checking a secret against it costs what checking a real one does, so an
 * unknown client id answers as slowly as a known one and timing does not tell which ids exist.
 */
export const UNMATCHABLE_SECRET_HASH = ['scrypt', N, R, P, randomBytes(SALT_BYTES).toString('base64'), randomBytes(HASH_BYTES).toString('base64')].join('$');

interface ParsedHash {
  n: number;
  r: number;
  p: number;
  salt: Buffer;
  hash: Buffer;
}

function parseInteger(text: string | undefined, max: number): number | undefined {
  if (text === undefined || !/^[1-9][0-9]{0,9}$/.test(text)) return undefined;
  const value = Number(text);
  return value <= max ? value : undefined;
}

function parseStored(stored: string): ParsedHash | undefined {
  const [scheme, nText, rText, pText, saltText, hashText, ...rest] = stored.split('$');
  if (scheme !== 'scrypt' || rest.length > 0 || saltText === undefined || hashText === undefined) return undefined;
  const n = parseInteger(nText, MAX_N);
  const r = parseInteger(rText, MAX_R);
  const p = parseInteger(pText, MAX_P);
  if (n === undefined || r === undefined || p === undefined || n < 2 || (n & (n - 1)) !== 0) return undefined;
  if (128 * n * r > MAX_MEMORY) return undefined;
  if (!BASE64.test(saltText) || !BASE64.test(hashText)) return undefined;
  const salt = Buffer.from(saltText, 'base64');
  const hash = Buffer.from(hashText, 'base64');
  if (salt.length < 8 || hash.length < 16) return undefined;
  return { n, r, p, salt, hash };
}

/** Constant-time check of `secret` against a `hashSecret` result; malformed stored values give false. */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  if (typeof secret !== 'string' || typeof stored !== 'string') return false;
  const parsed = parseStored(stored);
  if (parsed === undefined) return false;
  try {
    const actual = await derive(secret, parsed.salt, parsed.hash.length, parsed.n, parsed.r, parsed.p);
    return timingSafeEqual(actual, parsed.hash);
  } catch {
    return false;
  }
}
