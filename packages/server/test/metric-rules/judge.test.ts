import { describe, expect, it } from 'vitest';
import { judge, selectHistory, type SeriesPoint } from '../../src/domain/metric-rules/judge.js';
import type { ChangeSettings, SeasonalSettings } from '../../src/domain/metric-rules/rule.js';
import { median, medianAbsoluteDeviation } from '../../src/domain/metric-rules/robust.js';

const DAY = 86_400_000;
const MONDAY = Date.parse('2026-11-30T09:00:00Z');
const seasonal = (overrides: Partial<SeasonalSettings> = {}): SeasonalSettings => ({ kind: 'seasonal', weeks: 8, k: 3, minHistory: 4, minSpreadRatio: 0.05, minSpread: 0, ...overrides });
const change = (overrides: Partial<ChangeSettings> = {}): ChangeSettings => ({ kind: 'change', maxRise: null, maxFall: null, maxRiseAbsolute: null, maxFallAbsolute: null, ...overrides });
const point = (daysBefore: number, value: number, at = MONDAY): SeriesPoint => ({ slotId: 1000 - daysBefore, submissionId: 1000 - daysBefore, at: at - daysBefore * DAY, value });

describe('robust statistics', () => {
  it('median and MAD', () => {
    expect(median([5, 1, 3])).toBe(3);
    expect(median([4, 1, 3, 2])).toBe(2.5);
    expect(medianAbsoluteDeviation([1, 2, 3, 4, 100])).toBe(1);
  });
});

describe('bounds', () => {
  it('inclusive limits; a side left out is open', () => {
    expect(judge({ kind: 'bounds', min: 10, max: 20 }, 10, []).verdict).toBe('passed');
    expect(judge({ kind: 'bounds', min: 10, max: 20 }, 20, []).verdict).toBe('passed');
    expect(judge({ kind: 'bounds', min: 10, max: 20 }, 9.99, [])).toEqual({ verdict: 'violated', value: 9.99, lower: 10, upper: 20, center: null, historySize: 0 });
    expect(judge({ kind: 'bounds', min: null, max: 5 }, -1e9, []).verdict).toBe('passed');
  });
});

describe('change against the previous slot', () => {
  it('relative rise and fall of |previous|; the newest earlier point is the previous one', () => {
    const history = [point(1, 100), point(2, 5)];
    expect(judge(change({ maxRise: 0.5, maxFall: 0.5 }), 150, history)).toEqual({ verdict: 'passed', value: 150, lower: 50, upper: 150, center: 100, historySize: 1 });
    expect(judge(change({ maxRise: 0.5 }), 151, history).verdict).toBe('violated');
    expect(judge(change({ maxRise: 0.5 }), -1e6, history).verdict).toBe('passed');
  });

  it('a drop to zero is a 100 % fall', () => {
    expect(judge(change({ maxFall: 0.9 }), 0, [point(1, 1_200_000)]).verdict).toBe('violated');
    expect(judge(change({ maxFall: 1 }), 0, [point(1, 1_200_000)]).verdict).toBe('passed');
  });

  it('each side allows its most lenient limit: an absolute one is a floor for small values', () => {
    expect(judge(change({ maxRise: 0.5, maxRiseAbsolute: 10 }), 9, [point(1, 2)])).toMatchObject({ verdict: 'passed', upper: 12 });
    expect(judge(change({ maxRise: 0.5, maxRiseAbsolute: 10 }), 130, [point(1, 100)])).toMatchObject({ verdict: 'passed', upper: 150 });
  });

  it('after a 0, relative limits allow no change at all (an infinite relative change); an absolute limit still applies', () => {
    expect(judge(change({ maxRise: 0.5, maxFall: 0.5 }), 0, [point(1, 0)]).verdict).toBe('passed');
    expect(judge(change({ maxRise: 0.5, maxFall: 0.5 }), 1, [point(1, 0)])).toMatchObject({ verdict: 'violated', lower: 0, upper: 0 });
    expect(judge(change({ maxRise: 0.5, maxRiseAbsolute: 3 }), 3, [point(1, 0)]).verdict).toBe('passed');
  });

  it('no previous point: insufficient history, never a violation', () => {
    expect(judge(change({ maxFall: 0 }), 0, [])).toEqual({ verdict: 'insufficient_history', value: 0, lower: null, upper: null, center: null, historySize: 0 });
  });
});

describe('seasonal: median and MAD of the same weekday', () => {
  it('only points of the slot\'s weekday in the look-back are kept', () => {
    const earlier = Array.from({ length: 70 }, (_, index) => point(index + 1, index + 1));
    const kept = selectHistory(seasonal(), MONDAY, 'UTC', earlier);
    expect(kept.map((p) => (MONDAY - p.at) / DAY)).toEqual([7, 14, 21, 28, 35, 42, 49, 56]);
  });

  it('the weekday is counted in the sequence\'s time zone', () => {
    // 09:00 UTC on Monday is 22:00 Monday in Auckland; 20:00 UTC on Sunday is 09:00 Monday there.
    const sundayEveningUtc = Date.parse('2026-11-29T20:00:00Z');
    const earlier = [point(7, 1, sundayEveningUtc), point(6, 2, sundayEveningUtc)];
    expect(selectHistory(seasonal(), sundayEveningUtc + 7 * DAY, 'Pacific/Auckland', earlier).map((p) => p.value)).toEqual([1]);
    expect(selectHistory(seasonal(), Date.parse('2026-12-07T08:00:00Z'), 'Pacific/Auckland', earlier).map((p) => p.value)).toEqual([1]);
    expect(selectHistory(seasonal(), Date.parse('2026-12-07T08:00:00Z'), 'UTC', earlier).map((p) => p.value)).toEqual([2]);
  });

  it('a normal Monday three times a Sunday passes; a tenth of it is violated', () => {
    const history = [1, 2, 3, 4, 5, 6, 7, 8].map((week) => point(7 * week, 3000 + (week % 3) * 40));
    expect(judge(seasonal(), 3050, history).verdict).toBe('passed');
    expect(judge(seasonal(), 300, history)).toMatchObject({ verdict: 'violated', center: 3040, historySize: 8 });
  });

  it('a flat history (MAD 0) gets a floor: 5 % of the median by default, or an absolute one', () => {
    const flat = [1, 2, 3, 4].map((week) => point(7 * week, 1000));
    expect(judge(seasonal(), 1001, flat)).toMatchObject({ verdict: 'passed', lower: 850, upper: 1150 });
    expect(judge(seasonal(), 1151, flat).verdict).toBe('violated');
    expect(judge(seasonal({ minSpreadRatio: 0, minSpread: 10 }), 1029, flat)).toMatchObject({ verdict: 'passed', lower: 970, upper: 1030 });
  });

  it('fewer points than minHistory: insufficient history', () => {
    const history = [point(7, 1000), point(14, 1000), point(21, 1000)];
    expect(judge(seasonal(), 0, history)).toMatchObject({ verdict: 'insufficient_history', historySize: 3 });
    expect(judge(seasonal({ minHistory: 3 }), 0, history).verdict).toBe('violated');
  });
});
