import { fileURLToPath } from 'node:url';
import { afterEach, describe, expect, it } from 'vitest';
import { DASHBOARD_SECURITY_HEADERS } from '../../src/plugins/dashboard-ui.js';
import { createTestApp, type TestApp } from '../support/app.js';

const FIXTURE = fileURLToPath(new URL('../fixtures/ui', import.meta.url));

let t: TestApp;
afterEach(async () => t?.close());

const get = (url: string) => t.app.inject({ method: 'GET', url });
const CSP = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; font-src 'self'; connect-src 'self'; object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";

function expectSecurityHeaders(response: { headers: Record<string, unknown> }): void {
  expect(response.headers['content-security-policy']).toBe(CSP);
  expect(response.headers['x-content-type-options']).toBe('nosniff');
  expect(response.headers['referrer-policy']).toBe('no-referrer');
}

describe('the dashboard at /ui/', () => {
  it('serves index.html at /ui/ (revalidated) and hashed assets cached for good, with the security headers', async () => {
    t = await createTestApp({ uiRoot: FIXTURE });
    const index = await get('/ui/');
    expect(index.statusCode).toBe(200);
    expect(index.headers['content-type']).toContain('text/html');
    expect(index.headers['cache-control']).toBe('no-cache');
    expect(index.body).toContain('data-testid="fixture-root"');
    expectSecurityHeaders(index);
    const asset = await get('/ui/assets/app.js');
    expect(asset.statusCode).toBe(200);
    expect(asset.headers['content-type']).toContain('javascript');
    expect(asset.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(asset.body).toContain('fixture dashboard');
    expectSecurityHeaders(asset);
    expect(DASHBOARD_SECURITY_HEADERS['content-security-policy']).toBe(CSP);
  });

  it('answers index.html for any page of the SPA (deep links), but 404 for a missing asset', async () => {
    t = await createTestApp({ uiRoot: FIXTURE });
    for (const url of ['/ui/slots/12', '/ui/sequences/3?view=week&month=2026-12', '/ui/slots/12/submissions/40', '/ui/alerts', '/ui/sign-in']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(200);
      expect(response.body, url).toContain('data-testid="fixture-root"');
      expect(response.headers['cache-control'], url).toBe('no-cache');
      expectSecurityHeaders(response);
    }
    const missing = await get('/ui/assets/gone-1234.js');
    expect(missing.statusCode).toBe(404);
    expectSecurityHeaders(missing);
  });

  it('never serves a file outside the build folder', async () => {
    t = await createTestApp({ uiRoot: FIXTURE });
    // This test file sits two folders above the build folder.
    for (const url of ['/ui/../../dashboard/ui-static.test.ts', '/ui/%2e%2e/%2e%2e/dashboard/ui-static.test.ts', '/ui/..%2F..%2Fdashboard%2Fui-static.test.ts', '/ui/assets/..%2f..%2f..%2fdashboard/ui-static.test.ts']) {
      const response = await get(url);
      expect(response.body, url).not.toContain('never serves a file');
    }
  });

  it('sends / to /ui/', async () => {
    t = await createTestApp({ uiRoot: FIXTURE });
    const response = await get('/');
    expect(response.statusCode).toBe(302);
    expect(response.headers.location).toBe('/ui/');
  });

  it('without a build answers /ui/ and its pages with a 503 page saying so, not a crash', async () => {
    t = await createTestApp({ uiRoot: fileURLToPath(new URL('../fixtures/no-such-build', import.meta.url)) });
    for (const url of ['/ui/', '/ui/slots/1']) {
      const response = await get(url);
      expect(response.statusCode, url).toBe(503);
      expect(response.headers['content-type']).toContain('text/html');
      expect(response.body).toContain('The dashboard was not built');
      expectSecurityHeaders(response);
    }
    // The API does not depend on it.
    expect((await get('/healthz')).statusCode).toBe(200);
  });
});
