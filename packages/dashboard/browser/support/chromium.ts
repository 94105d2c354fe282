import { existsSync } from 'node:fs';
import { chromium, type Browser } from 'playwright-core';

/**
 * Debian's chromium (Playwright cannot download its own browsers here). LUCO_CHROMIUM names
 * another binary. A missing browser is an error that says how to install it, never a skip.
 */
export function chromiumPath(): string {
  const path = process.env['LUCO_CHROMIUM'] || '/usr/bin/chromium';
  if (!existsSync(path)) throw new Error(`no Chromium at ${path}: install it (apt-get install chromium) or set LUCO_CHROMIUM`);
  return path;
}

export function launchChromium(): Promise<Browser> {
  return chromium.launch({ executablePath: chromiumPath(), headless: true, args: ['--no-sandbox'] });
}
