import { describe, expect, it } from 'vitest';
import { SLOT_HEALTHS } from '../src/api/types';
import { healthTone, sequenceState, statusTone, submissionTone } from '../src/state/tones';

describe('state colours', () => {
  it('gives each calendar state its fixed tone', () => {
    expect(SLOT_HEALTHS.map((health) => healthTone(health).tone)).toEqual(['pending', 'overdue', 'failed', 'quality', 'quality', 'delivered', 'late']);
  });

  it('gives every state a label and a symbol, so it reads without colour', () => {
    for (const health of SLOT_HEALTHS) {
      expect(healthTone(health).label).not.toBe('');
      expect(healthTone(health).symbol).not.toBe('');
    }
    const symbols = new Set(['Pending', 'Overdue', 'Failed', 'Delivered', 'DeliveredLate'].map((health) => healthTone(health as never).symbol));
    expect(symbols.size).toBe(5);
  });

  it('maps slot statuses and submission roll-ups', () => {
    expect(statusTone('DeliveredLate').tone).toBe('late');
    expect(statusTone('Overdue').tone).toBe('overdue');
    expect(statusTone('Unknown').tone).toBe('pending');
    expect(submissionTone('In Progress').tone).toBe('running');
    expect(submissionTone('CompletedWithFailures').tone).toBe('quality');
    expect(submissionTone('Failed').tone).toBe('failed');
    expect(submissionTone('Completed').label).toBe('Completed');
    expect(submissionTone(null).tone).toBe('pending');
  });
});

describe('sequenceState', () => {
  const none = { failedCount: 0, overdueCount: 0, lastDeliverySlot: null };
  const delivered = (expectedBy: string | null, deliveredOn: string | null) => ({ ...none, lastDeliverySlot: { slotId: 1, tag: 't', expectedBy, deliveredOn } });

  it('shows the worst thing true now: failed, then overdue, then late', () => {
    expect(sequenceState({ ...none, failedCount: 1, overdueCount: 3 })).toBe('failed');
    expect(sequenceState({ ...none, overdueCount: 3 })).toBe('overdue');
    expect(sequenceState(delivered('2026-12-04T09:00:00Z', '2026-12-04T09:30:00Z'))).toBe('late');
    expect(sequenceState(delivered('2026-12-04T09:00:00Z', '2026-12-04T08:30:00Z'))).toBe('onTime');
    expect(sequenceState(delivered(null, '2026-12-04T08:30:00Z'))).toBe('onTime');
    expect(sequenceState(none)).toBe('noDelivery');
  });
});
