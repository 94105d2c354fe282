// Writes docs/openapi.json from the built server (run `npm run build` first): the document the
// server serves at /openapi.json. A test fails when the committed copy differs.
import { writeFileSync } from 'node:fs';
import { openApiDocument } from '../dist/openapi-document.js';

const target = new URL('../../../docs/openapi.json', import.meta.url);
writeFileSync(target, `${JSON.stringify(await openApiDocument(), null, 2)}\n`);
console.error(`wrote ${target.pathname}`);
