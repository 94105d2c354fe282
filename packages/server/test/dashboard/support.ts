import type { LightMyRequestResponse } from 'fastify';
import { expect } from 'vitest';
import type { Role } from '../../src/auth/index.js';
import { ClientService } from '../../src/services/clients/clients.js';
import type { TestApp } from '../support/app.js';

export async function newClient(t: TestApp, role: Role): Promise<{ clientId: string; clientSecret: string }> {
  const client = await new ClientService({ db: t.database.db, now: () => t.clock.now }).create(role, `${role} for the dashboard`);
  return { clientId: client.clientId, clientSecret: client.clientSecret };
}

/** The value the response set for the session cookie, and the cookie's attributes. */
export function sessionCookieOf(response: LightMyRequestResponse): { value: string; attributes: string[] } {
  const header = response.headers['set-cookie'];
  const text = Array.isArray(header) ? header.find((item) => item.startsWith('luco_session=')) : header;
  expect(text, 'a luco_session cookie').toBeDefined();
  const [pair, ...attributes] = text!.split(';').map((part) => part.trim());
  return { value: pair!.slice('luco_session='.length), attributes };
}

/** Signs in with a client's secret and returns the cookie header to send afterwards. */
export async function signIn(t: TestApp, role: Role = 'reader'): Promise<{ cookie: string; clientId: string; value: string }> {
  const client = await newClient(t, role);
  const response = await t.app.inject({ method: 'POST', url: '/lucots/v1/session', payload: client });
  expect(response.statusCode, response.body).toBe(200);
  const { value } = sessionCookieOf(response);
  return { cookie: `luco_session=${value}`, clientId: client.clientId, value };
}
