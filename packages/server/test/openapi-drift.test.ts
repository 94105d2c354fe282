import { readFileSync } from 'node:fs';
import { expect, it } from 'vitest';
import { openApiDocument } from '../src/openapi-document.js';
import { SERVER_VERSION } from '../src/version.js';

it('docs/openapi.json is the document the server serves (regenerate: npm run build && npm run openapi -w @lucots/server)', async () => {
  const committed = JSON.parse(readFileSync(new URL('../../../docs/openapi.json', import.meta.url), 'utf8'));
  expect(committed).toEqual(await openApiDocument());
});

it('SERVER_VERSION matches package.json', () => {
  const pkg = JSON.parse(readFileSync(new URL('../package.json', import.meta.url), 'utf8')) as { version: string };
  expect(SERVER_VERSION).toBe(pkg.version);
});
