import { describe, expect, it } from 'vitest';
import { InsertBatcher } from '../../src/storage/insert-batcher.js';

describe('InsertBatcher', () => {
  it('inserts the rows of concurrent callers in one call, each caller settling after it', async () => {
    const calls: number[][] = [];
    const batcher = new InsertBatcher<number>(async (rows) => {
      calls.push([...rows]);
    });
    await Promise.all([batcher.add([1, 2]), batcher.add([3]), batcher.add([4, 5, 6])]);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6]]);
    await batcher.add([7]);
    expect(calls).toEqual([[1, 2, 3, 4, 5, 6], [7]]);
  });

  it('a failing caller fails alone: the others are inserted on their own', async () => {
    const stored: number[] = [];
    const batcher = new InsertBatcher<number>(async (rows) => {
      if (rows.includes(-1)) throw new Error('bad row');
      stored.push(...rows);
    });
    const results = await Promise.allSettled([batcher.add([1, 2]), batcher.add([-1, 3]), batcher.add([4])]);
    expect(results.map((result) => result.status)).toEqual(['fulfilled', 'rejected', 'fulfilled']);
    expect((results[1] as PromiseRejectedResult).reason).toBeInstanceOf(Error);
    expect(stored).toEqual([1, 2, 4]);
  });

  it('takes no round trip for an empty write', async () => {
    let calls = 0;
    const batcher = new InsertBatcher<number>(async () => {
      calls++;
    });
    await batcher.add([]);
    expect(calls).toBe(0);
  });
});
