import { describe, expect, it } from 'vitest';
import { iso, isoOrNull } from '../../src/wire/instants.js';

const DAY = 86_400_000;

describe('iso', () => {
  it('writes what Date#toISOString writes around the edges of days, months, leap years and eras', () => {
    const instants = [
      0, -1, 1, 999, 1000, DAY - 1, DAY, -DAY, -DAY - 1,
      Date.UTC(2000, 1, 29, 23, 59, 59, 999), Date.UTC(2000, 2, 1), Date.UTC(1900, 1, 28, 12), Date.UTC(1900, 2, 1),
      Date.UTC(2024, 11, 31, 23, 59, 59, 999), Date.UTC(2025, 0, 1), Date.UTC(2100, 1, 28), Date.UTC(2100, 2, 1),
      Date.UTC(1969, 11, 31, 23, 59, 59, 999), Date.UTC(1600, 1, 29), Date.UTC(400, 0, 1), Date.UTC(1, 0, 1) - 0,
      -62_135_596_800_000, -62_135_596_800_001, 253_402_300_799_999, 253_402_300_800_000, 8.64e15, -8.64e15,
    ];
    for (const ms of instants) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
  });

  it('writes what Date#toISOString writes for 200,000 random instants from year 1 to 9999', () => {
    let seed = 12345;
    const random = () => {
      seed = (seed * 1_103_515_245 + 12_345) % 2_147_483_648;
      return seed / 2_147_483_648;
    };
    const low = -62_135_596_800_000;
    const high = 253_402_300_799_999;
    for (let index = 0; index < 200_000; index++) {
      const ms = Math.floor(low + (high - low) * random()) + Math.floor(random() * 1000);
      if (iso(ms) !== new Date(ms).toISOString()) expect(iso(ms), String(ms)).toBe(new Date(ms).toISOString());
    }
    expect(iso(1_733_356_800_123)).toBe('2024-12-05T00:00:00.123Z');
  });

  it('leaves fractions and impossible instants to Date, which rounds or refuses them as before', () => {
    expect(iso(1.5)).toBe(new Date(1.5).toISOString());
    expect(() => iso(Number.NaN)).toThrow(RangeError);
    expect(() => iso(8.64e15 + 1)).toThrow(RangeError);
    expect(isoOrNull(null)).toBeNull();
  });
});
