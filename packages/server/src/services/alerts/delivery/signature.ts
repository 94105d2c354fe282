import { createHmac, randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signatures (HMAC-SHA256): the signed content is `<webhook-id>.<webhook-timestamp>.<body>`
 * over the exact bytes sent; the header holds `v1,<base64 signature>` once per secret, space
 * separated, so a receiver that knows either secret of a rotation accepts the message.
 */

export const SECRET_PREFIX = 'whsec_';
export const MIN_SECRET_BYTES = 24;
export const MAX_SECRET_BYTES = 64;
export const MAX_SIGNING_SECRETS = 2;

const BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}(?:==)?|[A-Za-z0-9+/]{3}=?)?$/;

/** Why a signing secret cannot be used, or undefined when it can. Never repeats the secret. */
export function signingSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SECRET_PREFIX)) return `must start with ${SECRET_PREFIX} followed by base64`;
  const encoded = secret.slice(SECRET_PREFIX.length);
  // Buffer.from ignores characters that are not base64; a loose check would sign with a short key.
  if (encoded === '' || !BASE64.test(encoded)) return `must be ${SECRET_PREFIX} followed by standard base64 (A-Z, a-z, 0-9, +, /, = padding)`;
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_SECRET_BYTES || bytes > MAX_SECRET_BYTES) return `must decode to ${MIN_SECRET_BYTES} to ${MAX_SECRET_BYTES} bytes (this one has ${bytes})`;
  return undefined;
}

/** The key bytes of a `whsec_` secret (checked: throws without echoing the secret). */
export function signingKey(secret: string): Buffer {
  const problem = signingSecretProblem(secret);
  if (problem !== undefined) throw new Error(`a signing secret ${problem}`);
  return Buffer.from(secret.slice(SECRET_PREFIX.length), 'base64');
}

/** The `webhook-signature` header value: one `v1,<base64>` per secret, space separated. */
export function signatureHeader(messageId: string, timestampSeconds: number, body: string, secrets: readonly string[]): string {
  const content = `${messageId}.${timestampSeconds}.${body}`;
  return secrets.map((secret) => `v1,${createHmac('sha256', signingKey(secret)).update(content, 'utf8').digest('base64')}`).join(' ');
}

/** A new random secret (32 bytes), for an API that creates a webhook without one. */
export function generateSigningSecret(): string {
  return `${SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}
