// `npm run screenshots`: the README's pictures of the dashboard, taken from a fresh demo in
// Debian's Chromium (never by hand, so they show what the code shows). Writes docs/screenshots/.
import { fileURLToPath } from 'node:url';
import { takeScreenshots } from './screenshots.js';

const outDir = process.argv[2] ?? fileURLToPath(new URL('../../../docs/screenshots/', import.meta.url));
const files = await takeScreenshots(outDir);
process.stdout.write(`${files.join('\n')}\n`);
