import { afterEach, expect, it } from 'vitest';
import { createTestApp, type TestApp } from './support/app.js';
import { testDialect } from './support/test-database.js';

let t: TestApp;
afterEach(async () => t?.close());

it('GET /healthz answers once the database is migrated, with a request id', async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/healthz', headers: { 'x-request-id': 'abc-123' } });
  expect(response.statusCode).toBe(200);
  expect(response.json()).toEqual({ status: 'ok', database: testDialect() });
  expect(response.headers['x-request-id']).toBe('abc-123');
  expect(response.headers['x-luco-idempotency']).toBe('honoured');
});

it('an unknown route is a problem document', async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/nope' });
  expect(response.statusCode).toBe(404);
  expect(response.headers['content-type']).toContain('application/problem+json');
  expect(response.json()).toMatchObject({ status: 404, title: 'Not Found', instance: '/nope' });
  expect(response.json().requestId).toBe(response.headers['x-request-id']);
});

it('serves the OpenAPI document', async () => {
  t = await createTestApp();
  const response = await t.app.inject({ method: 'GET', url: '/openapi.json' });
  expect(response.statusCode).toBe(200);
  expect(response.json().openapi).toBe('3.0.3');
  expect(Object.keys(response.json().paths)).toContain('/oauth2/token');
});
