import { describe, expect, it } from 'vitest';
import { groupBySlot } from '../../src/services/alerts/engine/parallel-groups.js';

describe('groupBySlot', () => {
  const changes = [
    { slotId: 7, step: 'a' },
    { slotId: 8, step: 'b' },
    { slotId: 11, step: 'c' },
    { slotId: 7, step: 'd' },
    { slotId: 12, step: 'e' },
    { slotId: 3, step: 'f' },
  ];

  it("keeps every change of a slot in one group, in the order given, and loses none", () => {
    const groups = groupBySlot(changes, 4);
    expect(groups.length).toBeLessThanOrEqual(4);
    expect(groups.flat()).toHaveLength(changes.length);
    for (const group of groups) {
      for (const change of group) expect(groups.filter((other) => other.some((item) => item.slotId === change.slotId))).toEqual([group]);
    }
    const seven = groups.find((group) => group.some((item) => item.slotId === 7))!;
    expect(seven.filter((item) => item.slotId === 7).map((item) => item.step)).toEqual(['a', 'd']);
    expect(groups.filter((group) => group.length === 0)).toEqual([]);
  });

  it('is one group, as given, when there is no parallelism, and none for nothing', () => {
    expect(groupBySlot(changes, 1)).toEqual([changes]);
    expect(groupBySlot([], 4)).toEqual([]);
  });
});
