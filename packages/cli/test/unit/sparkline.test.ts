import { describe, expect, it } from 'vitest';
import { sparkline } from '../../src/output/sparkline.js';

describe('sparkline', () => {
  it('draws one block per value, lowest to highest', () => {
    expect(sparkline([0, 1, 2, 3, 4, 5, 6, 7])).toBe('▁▂▃▄▅▆▇█');
    expect(sparkline([100, 12, 100])).toBe('█▁█');
  });

  it('a flat series is a steady middle line; no values, no line', () => {
    expect(sparkline([5, 5, 5])).toBe('▄▄▄');
    expect(sparkline([])).toBe('');
  });

  it('draws a longer series as width columns, each the mean of its values', () => {
    const line = sparkline([...Array.from({ length: 50 }, () => 10), ...Array.from({ length: 50 }, () => 20)], 10);
    expect(line).toBe('▁▁▁▁▁█████');
    expect(sparkline(Array.from({ length: 1000 }, (_, index) => index)).length).toBe(60);
  });
});
