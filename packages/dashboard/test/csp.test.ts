import { readdirSync, readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// The server sends a strict CSP (script-src 'self'; style-src 'self'): nothing inline may be
// in index.html, and the app must not write style attributes or <style> elements as markup.
const html = readFileSync(new URL('../index.html', import.meta.url), 'utf8');

function sourceFiles(dir: URL): string[] {
  const found: string[] = [];
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const url = new URL(entry.name + (entry.isDirectory() ? '/' : ''), dir);
    if (entry.isDirectory()) found.push(...sourceFiles(url));
    else if (/\.(ts|tsx)$/.test(entry.name)) found.push(readFileSync(url, 'utf8'));
  }
  return found;
}

describe('index.html under a strict CSP', () => {
  it('loads its script from a file and has no inline script or style', () => {
    const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/g)];
    expect(scripts.length).toBeGreaterThan(0);
    for (const [, attributes, body] of scripts) {
      expect(attributes).toMatch(/\bsrc="/);
      expect(body?.trim()).toBe('');
    }
    expect(html).not.toMatch(/<style\b/i);
    expect(html).not.toMatch(/\sstyle=/i);
    expect(html).not.toMatch(/\son[a-z]+=/i);
    expect(html).not.toMatch(/https?:\/\//);
  });
});

describe('the app code under a strict CSP', () => {
  const sources = sourceFiles(new URL('../src/', import.meta.url));

  it('never sets a style attribute, inline handler or innerHTML', () => {
    expect(sources.length).toBeGreaterThan(10);
    for (const source of sources) {
      expect(source).not.toMatch(/setAttribute\(\s*['"]style['"]/);
      expect(source).not.toMatch(/\bstyle=["'{]/);
      expect(source).not.toMatch(/dangerouslySetInnerHTML|innerHTML\s*=/);
      expect(source).not.toMatch(/\beval\(|new Function\(/);
    }
  });
});
