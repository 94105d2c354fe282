import { afterEach, describe, expect, it } from 'vitest';
import { dateInZone } from '../src/format/dates';
import { formatNumber } from '../src/format/time';

// A chart's data table formats hundreds of values and a sequence page asks for today's date on
// every render: the Intl formatters behind them are made once and reused, not per value.

const originals = { NumberFormat: Intl.NumberFormat, DateTimeFormat: Intl.DateTimeFormat };

/** Counts the formatters made from now on (the real ones, so the texts are real too). */
function countMade(name: 'NumberFormat' | 'DateTimeFormat'): { count: number } {
  const made = { count: 0 };
  const Original = originals[name] as unknown as new (...args: unknown[]) => object;
  const Counting = function (...args: unknown[]) {
    made.count += 1;
    return new Original(...args);
  };
  (Intl as unknown as Record<string, unknown>)[name] = Counting;
  return made;
}

afterEach(() => {
  Intl.NumberFormat = originals.NumberFormat;
  Intl.DateTimeFormat = originals.DateTimeFormat;
});

describe('formatter reuse', () => {
  it('makes one number formatter per locale and kind, however many values it formats', () => {
    const made = countMade('NumberFormat');
    const texts = Array.from({ length: 200 }, (_, index) => formatNumber(1000 + index, 'en-IE'));
    const fractions = Array.from({ length: 200 }, (_, index) => formatNumber(index + 0.25, 'en-IE'));
    expect(texts[0]).toBe('1,000');
    expect(fractions[3]).toBe('3.25');
    expect(made.count).toBe(2);
    expect(formatNumber(12.5, 'de-DE')).toBe('12,5');
    expect(made.count).toBe(3);
  });

  it('makes one date formatter per zone, and each zone keeps its own dates', () => {
    const made = countMade('DateTimeFormat');
    const instant = Date.parse('2026-12-04T23:30:00Z');
    for (let i = 0; i < 100; i++) expect(dateInZone(instant, 'Asia/Kolkata')).toBe('2026-12-05');
    expect(dateInZone(instant, 'America/Chicago')).toBe('2026-12-04');
    expect(made.count).toBe(2);
  });
});
