import { describe, expect, it } from 'vitest';
import { deliveryOptions } from '../../../src/services/alerts/delivery/options.js';
import { giveUpReason, parseRetryAfter, retryDelayMs } from '../../../src/services/alerts/delivery/retry-schedule.js';
import { generateSigningSecret, signatureHeader, signingSecretProblem } from '../../../src/services/alerts/delivery/signature.js';
import { webhookVerifies } from '../../support/standard-webhooks-verify.js';

const options = deliveryOptions();

describe('the retry schedule', () => {
  it('follows the compressed Standard Webhooks schedule, the last delay repeating, with jitter', () => {
    const middle = () => 0.5;
    expect([1, 2, 3, 4, 5, 6, 7, 8, 9].map((attempts) => retryDelayMs(attempts, null, options, middle))).toEqual([
      5_000, 30_000, 120_000, 600_000, 1_800_000, 3_600_000, 7_200_000, 14_400_000, 14_400_000,
    ]);
    expect(retryDelayMs(2, null, options, () => 0)).toBe(27_000);
    expect(retryDelayMs(2, null, options, () => 1)).toBe(33_000);
  });

  it("takes the receiver's Retry-After, at least a second and at most the cap", () => {
    expect(retryDelayMs(1, 90_000, options)).toBe(90_000);
    expect(retryDelayMs(1, 0, options)).toBe(1000);
    expect(retryDelayMs(1, 10 * 24 * 3600_000, options)).toBe(options.maxRetryAfterMs);
  });

  it('reads Retry-After as seconds or an HTTP date', () => {
    const now = Date.parse('2026-11-27T12:00:00Z');
    expect(parseRetryAfter('120', now)).toBe(120_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 12:01:30 GMT', now)).toBe(90_000);
    expect(parseRetryAfter('Fri, 27 Nov 2026 11:00:00 GMT', now)).toBe(0);
    expect(parseRetryAfter('soon', now)).toBeNull();
    expect(parseRetryAfter('-5', now)).toBeNull();
    expect(parseRetryAfter(undefined, now)).toBeNull();
  });

  it('gives up after the attempt bound, or when the next attempt would pass the age bound', () => {
    const created = 1_000_000;
    expect(giveUpReason(3, created, created + 60_000, options)).toBeUndefined();
    expect(giveUpReason(10, created, created + 60_000, options)).toBe('after 10 attempts');
    expect(giveUpReason(8, created, created + 25 * 3600_000, options)).toBe('after 8 attempts: the next one would come more than 24 h after it was queued');
    expect(() => deliveryOptions({ maxAttempts: 0 })).toThrow('maxAttempts');
    expect(() => deliveryOptions({ retryDelaysMs: [] })).toThrow('retryDelaysMs');
  });
});

describe('signing secrets', () => {
  it('accept whsec_ and base64 of 24 to 64 bytes, and say what is wrong without repeating the secret', () => {
    expect(signingSecretProblem(generateSigningSecret())).toBeUndefined();
    expect(signingSecretProblem(`whsec_${Buffer.alloc(24).toString('base64')}`)).toBeUndefined();
    expect(signingSecretProblem(`whsec_${Buffer.alloc(64).toString('base64')}`)).toBeUndefined();
    expect(signingSecretProblem(`whsec_${Buffer.alloc(23).toString('base64')}`)).toBe('must decode to 24 to 64 bytes (this one has 23)');
    expect(signingSecretProblem(`whsec_${Buffer.alloc(65).toString('base64')}`)).toBe('must decode to 24 to 64 bytes (this one has 65)');
    expect(signingSecretProblem(Buffer.alloc(32).toString('base64'))).toBe('must start with whsec_ followed by base64');
    // Loose base64 would decode to a few bytes and sign with a weak key.
    expect(signingSecretProblem('whsec_this is not base64 at all, really not!!')).toContain('standard base64');
  });

  it('a signature made for one id, timestamp and body verifies only for them', () => {
    const secret = generateSigningSecret();
    const now = Date.now();
    const timestamp = Math.floor(now / 1000);
    const body = '{"type":"alert.opened"}';
    const headers = { 'webhook-id': 'msg_1', 'webhook-timestamp': String(timestamp), 'webhook-signature': signatureHeader('msg_1', timestamp, body, [secret]) };
    expect(webhookVerifies(secret, headers, body, { now })).toBe(true);
    expect(webhookVerifies(secret, { ...headers, 'webhook-id': 'msg_2' }, body, { now })).toBe(false);
    expect(webhookVerifies(secret, { ...headers, 'webhook-timestamp': String(timestamp + 1) }, body, { now })).toBe(false);
    expect(webhookVerifies(secret, headers, `${body} `, { now })).toBe(false);
  });
});
