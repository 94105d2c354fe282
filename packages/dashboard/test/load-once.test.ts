import { describe, expect, it } from 'vitest';
import { loadOnce } from '../src/charts/load-once';

describe('loadOnce', () => {
  it('starts one load for every caller, early or late, and hands each the same result', async () => {
    let calls = 0;
    let finish: (value: string) => void = () => undefined;
    const load = loadOnce(() => {
      calls += 1;
      return new Promise<string>((resolve) => (finish = resolve));
    });
    const early = load();
    const second = load();
    finish('code');
    expect(await early).toBe('code');
    expect(await second).toBe('code');
    expect(await load()).toBe('code');
    expect(calls).toBe(1);
  });

  it('forgets a failed load, so the next caller tries again', async () => {
    let calls = 0;
    const load = loadOnce(async () => {
      calls += 1;
      if (calls === 1) throw new Error('network down');
      return 'code';
    });
    await expect(load()).rejects.toThrow('network down');
    expect(await load()).toBe('code');
    expect(await load()).toBe('code');
    expect(calls).toBe(2);
  });
});
