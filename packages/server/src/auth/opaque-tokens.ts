import { createHash, randomBytes } from 'node:crypto';

/**
 * Opaque bearer values of the dashboard (session cookies, one-time sign-in links): 256 random
 * bits, base64url (43 characters). Only their SHA-256 is stored: a high-entropy value needs no
 * slow hash, and a copy of the database cannot be turned back into a working cookie or link.
 */
export function generateOpaqueToken(): string {
  return randomBytes(32).toString('base64url');
}

const OPAQUE_TOKEN = /^[A-Za-z0-9_-]{43}$/;

/** Whether `value` has the shape of a token we issue (anything else is refused without a lookup). */
export function isOpaqueToken(value: unknown): value is string {
  return typeof value === 'string' && OPAQUE_TOKEN.test(value);
}

export function hashOpaqueToken(token: string): string {
  return createHash('sha256').update(token).digest('hex');
}
