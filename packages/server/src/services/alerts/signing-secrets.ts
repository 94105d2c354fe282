import { randomBytes } from 'node:crypto';

/**
 * Standard Webhooks signing secrets as the API takes them: `whsec_` and the standard base64 of
 * 24 to 64 random bytes; one, or two while rotating (messages are signed with both).
 */
export const SIGNING_SECRET_PREFIX = 'whsec_';
export const MIN_SIGNING_SECRET_BYTES = 24;
export const MAX_SIGNING_SECRET_BYTES = 64;
export const MAX_SIGNING_SECRETS = 2;

// Strict: Buffer.from skips characters that are not base64, so a loose check could sign with a near-empty key.
const STANDARD_BASE64 = /^(?:[A-Za-z0-9+/]{4})*(?:[A-Za-z0-9+/]{2}==|[A-Za-z0-9+/]{3}=)?$/;

/** A new secret of 32 random bytes, for a webhook created without one. */
export function newSigningSecret(): string {
  return `${SIGNING_SECRET_PREFIX}${randomBytes(32).toString('base64')}`;
}

/** Why a secret cannot be used, or undefined when it can. The message never repeats the secret. */
export function signingSecretProblem(secret: string): string | undefined {
  if (!secret.startsWith(SIGNING_SECRET_PREFIX)) return `must start with ${SIGNING_SECRET_PREFIX}, followed by the base64 of ${MIN_SIGNING_SECRET_BYTES} to ${MAX_SIGNING_SECRET_BYTES} random bytes`;
  const encoded = secret.slice(SIGNING_SECRET_PREFIX.length);
  if (encoded === '' || !STANDARD_BASE64.test(encoded)) return `must be ${SIGNING_SECRET_PREFIX} followed by standard base64 (A-Z, a-z, 0-9, +, /, = padding)`;
  const bytes = Buffer.from(encoded, 'base64').length;
  if (bytes < MIN_SIGNING_SECRET_BYTES || bytes > MAX_SIGNING_SECRET_BYTES) return `must decode to ${MIN_SIGNING_SECRET_BYTES} to ${MAX_SIGNING_SECRET_BYTES} bytes (this one decodes to ${bytes})`;
  return undefined;
}
