#!/usr/bin/env node
// Prints the size of the dashboard's built JavaScript and CSS, raw and gzipped (the issue's
// budget is 250 kB of gzipped JavaScript). Run after `npm run build`:
//   node packages/dashboard/scripts/bundle-size.mjs [--json]
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { gzipSync } from 'node:zlib';

const assets = new URL('../dist/assets/', import.meta.url).pathname;
let files;
try {
  files = readdirSync(assets).filter((name) => name.endsWith('.js') || name.endsWith('.css'));
} catch {
  console.error(`No build at ${assets}: run npm run build first.`);
  process.exit(1);
}
const rows = files.map((name) => {
  const bytes = readFileSync(join(assets, name));
  return { file: name, bytes: statSync(join(assets, name)).size, gzipBytes: gzipSync(bytes, { level: 9 }).length };
});
const total = (ext, key) => rows.filter((row) => row.file.endsWith(ext)).reduce((sum, row) => sum + row[key], 0);
const summary = { files: rows, jsBytes: total('.js', 'bytes'), jsGzipBytes: total('.js', 'gzipBytes'), cssGzipBytes: total('.css', 'gzipBytes') };
if (process.argv.includes('--json')) {
  console.log(JSON.stringify(summary, null, 2));
} else {
  for (const row of rows) console.log(`${row.file.padEnd(40)} ${(row.bytes / 1024).toFixed(1).padStart(8)} kB  gzip ${(row.gzipBytes / 1024).toFixed(1).padStart(7)} kB`);
  console.log(`JavaScript: ${(summary.jsBytes / 1024).toFixed(1)} kB, gzip ${(summary.jsGzipBytes / 1024).toFixed(1)} kB`);
}
