import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

// WCAG AA in both themes, checked on the palettes styles.css really has.
const css = readFileSync(new URL('../src/styles.css', import.meta.url), 'utf8');

function palette(selector: string): Record<string, string> {
  const start = css.indexOf(`${selector} {`);
  if (start < 0) throw new Error(`no ${selector} block in styles.css`);
  const body = css.slice(start, css.indexOf('}', start));
  const colours: Record<string, string> = {};
  for (const match of body.matchAll(/--([\w-]+):\s*(#[0-9a-fA-F]{6})\s*;/g)) colours[match[1] as string] = match[2] as string;
  return colours;
}

function luminance(hex: string): number {
  const [r, g, b] = [1, 3, 5].map((at) => {
    const channel = parseInt(hex.slice(at, at + 2), 16) / 255;
    return channel <= 0.03928 ? channel / 12.92 : ((channel + 0.055) / 1.055) ** 2.4;
  }) as [number, number, number];
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [light, dark] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (light + 0.05) / (dark + 0.05);
}

const TONES = ['pending', 'running', 'delivered', 'late', 'overdue', 'failed', 'quality'];

/** Text (4.5:1) and the parts of controls people must see (3:1), as styles.css pairs them. */
const TEXT_PAIRS: [string, string][] = [
  ['fg', 'bg'],
  ['fg', 'surface'],
  ['fg', 'surface-strong'],
  ['muted', 'bg'],
  ['muted', 'surface'],
  ['link', 'bg'],
  ['link', 'surface'],
  ['bg', 'link'], // the primary button
  ['error-fg', 'error-bg'],
  ['tone-delivered-bg', 'bg'], // a passed check's text
  ['tone-overdue-bg', 'bg'], // a failed check's text
  ...TONES.map((tone): [string, string] => [`tone-${tone}-fg`, `tone-${tone}-bg`]),
];
const NON_TEXT_PAIRS: [string, string][] = [
  ['focus', 'bg'],
  ['focus', 'surface'],
  ['border', 'bg'],
  ['chart-line', 'bg'],
  ['chart-failed', 'bg'],
];

describe.each([
  ['light', ':root'],
  ['dark', ":root[data-theme='dark']"],
])('the %s theme', (_name, selector) => {
  const colours = palette(selector);

  it('defines every colour the checks name', () => {
    for (const [a, b] of [...TEXT_PAIRS, ...NON_TEXT_PAIRS]) {
      expect(colours[a], a).toMatch(/^#/);
      expect(colours[b], b).toMatch(/^#/);
    }
  });

  it.each(TEXT_PAIRS)('text %s on %s reaches 4.5:1', (text, background) => {
    expect(contrast(colours[text] ?? '#000000', colours[background] ?? '#000000')).toBeGreaterThanOrEqual(4.5);
  });

  it.each(NON_TEXT_PAIRS)('%s against %s reaches 3:1', (part, background) => {
    expect(contrast(colours[part] ?? '#000000', colours[background] ?? '#000000')).toBeGreaterThanOrEqual(3);
  });
});

describe('contrast', () => {
  it('measures as WCAG does', () => {
    expect(contrast('#000000', '#ffffff')).toBeCloseTo(21, 5);
    expect(contrast('#777777', '#ffffff')).toBeCloseTo(4.48, 2);
  });
});
