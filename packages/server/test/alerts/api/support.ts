import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import { createTestApp, TEST_AUTH, type TestApp } from '../../support/app.js';
import { tokenFor } from '../../support/clients.js';
import { expectProblem, problemFields } from '../../http/hostile-fixture.js';

export { expectProblem, problemFields };

/** A real app with auth on, and an admin's and a reader's bearer headers. */
export interface ApiFixture {
  t: TestApp;
  admin: Record<string, string>;
  reader: Record<string, string>;
  call(method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers?: Record<string, string>): Promise<LightMyRequestResponse>;
}

export async function apiFixture(options: Parameters<typeof createTestApp>[0] = {}): Promise<ApiFixture> {
  const t = await createTestApp({ auth: TEST_AUTH, ...options });
  const admin = { authorization: `Bearer ${(await tokenFor(t, 'admin')).token}` };
  const reader = { authorization: `Bearer ${(await tokenFor(t, 'reader')).token}` };
  return {
    t,
    admin,
    reader,
    call: (method, url, payload, headers = admin) => t.app.inject({ method, url, headers, ...(payload === undefined ? {} : { payload: payload as object }) }),
  };
}

/** Two valid signing secrets (24 and 64 random-looking bytes). */
export const SECRET_A = `whsec_${Buffer.alloc(24, 7).toString('base64')}`;
export const SECRET_B = `whsec_${Buffer.alloc(64, 9).toString('base64')}`;

export const WEBHOOK_URL = 'https://hooks.example.com/services/T000/B000/tok3n-in-path?sig=query-token';

export const webhook = (overrides: Record<string, unknown> = {}) => ({ type: 'webhook', url: WEBHOOK_URL, signingSecrets: [SECRET_A], ...overrides });

export const email = (overrides: Record<string, unknown> = {}) => ({
  type: 'email',
  host: 'smtp.example.com',
  port: 587,
  security: 'starttls',
  username: 'luco',
  password: 'smtp-pass-w0rd',
  from: 'luco@example.com',
  to: ['ops@example.com', 'data@example.com'],
  ...overrides,
});

/** Creates a channel (201 expected) and returns its answer. */
export async function createChannel(f: ApiFixture, name: string, settings: Record<string, unknown> = webhook()): Promise<{ channelId: number } & Record<string, unknown>> {
  const response = await f.call('POST', '/lucots/v1/alert-channels', { name, settings });
  expect(response.statusCode, response.body).toBe(201);
  return response.json();
}

/** The fields a 400 names, after asserting it is one. */
export function badFields(response: LightMyRequestResponse): string[] {
  return problemFields(expectProblem(response, 400));
}
