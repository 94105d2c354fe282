import { mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { SCREENSHOTS, takeScreenshots } from './screenshots.js';

const outDir = mkdtempSync(join(tmpdir(), 'lucots-screenshots-'));
afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('npm run screenshots', () => {
  it('writes a 1280x1000 PNG of each main page from a fresh demo', async () => {
    const files = await takeScreenshots(outDir);
    expect(files).toEqual(SCREENSHOTS.map((name) => join(outDir, `${name}.png`)));
    for (const file of files) {
      const png = readFileSync(file);
      expect(png.subarray(1, 4).toString('latin1')).toBe('PNG');
      // IHDR: width and height, big-endian, at bytes 16 and 20.
      expect([png.readUInt32BE(16), png.readUInt32BE(20)]).toEqual([1280, 1000]);
      // A blank page compresses to a few kB; a page with tables and charts does not.
      expect(png.length).toBeGreaterThan(40_000);
    }
  }, 240_000);
});
