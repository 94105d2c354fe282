// After the build: the package must load through both require() and import(), with the same API.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const cjs = require('../dist/index.cjs');
const esm = await import('../dist/index.js');
const expected = ['LucoApi', 'Submission', 'CheckResult', 'CollectionResult', 'LucoError', 'APIError', 'ValidationError', 'SDK_VERSION'];
for (const [format, mod] of [['cjs', cjs], ['esm', esm]]) {
  const missing = expected.filter((name) => mod[name] === undefined);
  if (missing.length > 0) {
    console.error(`smoke: the ${format} build lacks ${missing.join(', ')}`);
    process.exit(1);
  }
}
if (Object.keys(cjs).sort().join() !== Object.keys(esm).sort().join()) {
  console.error('smoke: the cjs and esm builds export different names');
  process.exit(1);
}
console.log(`smoke: esm and cjs builds load, ${Object.keys(esm).length} exports each`);
