import { createHmac, timingSafeEqual } from 'node:crypto';

/**
 * A receiver's check of a Standard Webhooks signature, written from the spec
 * (spec/standard-webhooks.md, "Verifying signatures") and not from the sender's code: the
 * signed content is `<webhook-id>.<webhook-timestamp>.<raw body>`, the key is the base64 after
 * `whsec_`, the header lists space-separated `v1,<base64>` signatures of which any may match,
 * compared in constant time, and the timestamp must be within the tolerance of the
 * receiver's clock (5 minutes, as the reference libraries use).
 */
export interface VerifyOptions {
  /** The receiver's clock, epoch ms. */
  now?: number;
  toleranceSeconds?: number;
}

export class WebhookVerificationError extends Error {}

export function verifyStandardWebhook(secrets: string | readonly string[], headers: Record<string, string | string[] | undefined>, rawBody: string | Buffer, options: VerifyOptions = {}): void {
  const id = single(headers['webhook-id']);
  const timestamp = single(headers['webhook-timestamp']);
  const signatures = single(headers['webhook-signature']);
  if (!id || !timestamp || !signatures) throw new WebhookVerificationError('missing webhook-id, webhook-timestamp or webhook-signature');
  if (!/^\d+$/.test(timestamp)) throw new WebhookVerificationError('webhook-timestamp is not an integer');
  const nowSeconds = Math.floor((options.now ?? Date.now()) / 1000);
  const tolerance = options.toleranceSeconds ?? 300;
  if (Math.abs(nowSeconds - Number(timestamp)) > tolerance) throw new WebhookVerificationError('webhook-timestamp is outside the tolerance');

  const body = typeof rawBody === 'string' ? Buffer.from(rawBody, 'utf8') : rawBody;
  const signed = Buffer.concat([Buffer.from(`${id}.${timestamp}.`, 'utf8'), body]);
  const offered: Buffer[] = [];
  for (const entry of signatures.split(' ')) {
    const comma = entry.indexOf(',');
    // Other schemes (v1a, asymmetric) may sit beside v1; this receiver knows only v1.
    if (comma > 0 && entry.slice(0, comma) === 'v1') offered.push(Buffer.from(entry.slice(comma + 1), 'base64'));
  }

  for (const secret of typeof secrets === 'string' ? [secrets] : secrets) {
    const expected = createHmac('sha256', keyOf(secret)).update(signed).digest();
    if (offered.some((signature) => signature.length === expected.length && timingSafeEqual(signature, expected))) return;
  }
  throw new WebhookVerificationError('no signature matches');
}

/** Whether the message verifies (for tests that check both ways). */
export function webhookVerifies(secrets: string | readonly string[], headers: Record<string, string | string[] | undefined>, rawBody: string | Buffer, options: VerifyOptions = {}): boolean {
  try {
    verifyStandardWebhook(secrets, headers, rawBody, options);
    return true;
  } catch (error) {
    if (error instanceof WebhookVerificationError) return false;
    throw error;
  }
}

function keyOf(secret: string): Buffer {
  if (!secret.startsWith('whsec_')) throw new Error('a secret starts with whsec_');
  const encoded = secret.slice('whsec_'.length);
  if (!/^[A-Za-z0-9+/]+={0,2}$/.test(encoded)) throw new Error('a secret is base64 after whsec_');
  const key = Buffer.from(encoded, 'base64');
  if (key.length < 24 || key.length > 64) throw new Error('a secret decodes to 24..64 bytes');
  return key;
}

function single(value: string | string[] | undefined): string | undefined {
  return Array.isArray(value) ? value[0] : value;
}
