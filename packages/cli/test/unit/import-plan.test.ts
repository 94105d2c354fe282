import { describe, expect, it } from 'vitest';
import { planImport } from '../../src/import-plan/plan.js';
import { readSchedule } from '../../src/import-plan/schedule.js';

const NONE = { allowOverwrites: false, allowArchiving: false, ignoreDeliveryConfig: false };
const ALL = { allowOverwrites: true, allowArchiving: true, ignoreDeliveryConfig: false };

const stored = [
  { slotSequenceId: 1, name: [{ key: 'client', value: 'acme' }], type: 'csv', isActive: true, parameters: { slotParameterGroups: [] }, delivery: [] },
  {
    slotSequenceId: 2,
    name: [{ key: 'client', value: 'old' }],
    type: null,
    isActive: false,
    parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'n', value: '1' }] }] },
    delivery: [{ isActive: true, cadence: 'weekly', daysOfWeek: ['Mon', 'Fri'], expectedBy: '06:00', timeZone: 'Europe/London', startDate: '2026-01-01', endDate: null }],
  },
];

const results = (items: unknown[], flags = NONE): string[] => planImport(items, stored, flags).imports.map((item) => item.result);

describe('planImport (the server import rules, client-side)', () => {
  it('matches names across active and archived sequences, in every name form', () => {
    expect(results([{ name: { client: 'acme' }, type: 'csv' }, { name: [{ slotParameter: { key: 'client', value: 'old' }, position: 0 }], isActive: false, parameters: stored[1]?.parameters, delivery: stored[1]?.delivery }, { name: { client: 'new' } }])).toEqual([
      'Exists',
      'Exists',
      'Created',
    ]);
  });

  it('compares normalised values: number parameters as text, day order, zone casing, cadence case', () => {
    const same = {
      name: { client: 'old' },
      isActive: false,
      parameters: { slotParameterGroups: [{ slotParameterGroupName: 'g', slotParameters: [{ key: 'n', value: 1 }] }] },
      delivery: [{ cadence: 'Weekly', daysOfWeek: ['friday', 'Mon'], expectedBy: '06:00', timeZone: 'europe/london', startDate: '2026-01-01' }],
    };
    expect(results([same])).toEqual(['Exists']);
  });

  it('differences need the permission flags: NotUpdated without, Updated/Archived with', () => {
    const items = [
      { name: { client: 'acme' }, type: 'parquet' }, // differs
      { name: { client: 'acme' }, type: 'csv', isActive: false }, // archives (a repeated name: NotProcessed)
    ];
    expect(results(items)).toEqual(['NotUpdated', 'NotProcessed']);
    expect(results([{ name: { client: 'acme' }, type: 'csv', isActive: false }])).toEqual(['NotUpdated']);
    expect(results([{ name: { client: 'acme' }, type: 'csv', isActive: false }], { ...NONE, allowArchiving: true })).toEqual(['Archived']);
    expect(results([{ name: { client: 'acme' }, type: 'parquet' }], { ...NONE, allowArchiving: true })).toEqual(['NotUpdated']);
    expect(results([{ name: { client: 'acme' }, type: 'parquet' }], ALL)).toEqual(['Updated']);
  });

  it('archiving writes other changes only with allowOverwrites; reactivating is an Updated', () => {
    const archiveAndRetype = [{ name: { client: 'acme' }, type: 'parquet', isActive: false }];
    expect(planImport(archiveAndRetype, stored, { ...NONE, allowArchiving: true }).imports[0]).toMatchObject({ result: 'Archived', changes: ['isActive'] });
    expect(planImport(archiveAndRetype, stored, ALL).imports[0]).toMatchObject({ result: 'Archived', changes: ['type', 'isActive'] });
    const reactivate = [{ name: { client: 'old' }, parameters: stored[1]?.parameters, delivery: stored[1]?.delivery }];
    expect(results(reactivate, { ...NONE, allowArchiving: true })).toEqual(['NotUpdated']);
    expect(planImport(reactivate, stored, ALL).imports[0]).toMatchObject({ result: 'Updated', slotSequenceId: 2, changes: ['isActive'] });
  });

  it('ignoreDeliveryConfig leaves schedules out of the comparison', () => {
    const unscheduled = { name: { client: 'old' }, isActive: false, parameters: stored[1]?.parameters };
    expect(results([unscheduled], ALL)).toEqual(['Updated']);
    expect(results([unscheduled], { ...ALL, ignoreDeliveryConfig: true })).toEqual(['Exists']);
  });

  it('invalid items and repeated names are NotProcessed with errors; counts add up', () => {
    const plan = planImport([{ name: { client: 'x' }, colour: 'red' }, 'not an object', { name: { client: 'y' } }, { name: { client: 'y' } }], stored, NONE);
    expect(plan.imports.map((item) => item.result)).toEqual(['NotProcessed', 'NotProcessed', 'Created', 'NotProcessed']);
    expect(plan.imports[0]?.errors).toEqual([{ field: 'slotSequences[0].colour', message: 'is not a known field' }]);
    expect(plan.imports[3]?.errors?.[0]?.message).toContain('repeats the name of slotSequences[2]');
    expect(plan.counts).toEqual({ created: 1, exists: 0, notProcessed: 3, updated: 0, notUpdated: 0, archived: 0 });
  });
});

describe('readSchedule', () => {
  it('puts a schedule in canonical form', () => {
    expect(readSchedule({ cadence: 'MONTHLY', dayOfMonth: -1, expectedBy: '23:59', timeZone: 'utc', startDate: '2026-02-28' }, 'd')).toEqual({
      schedule: { isActive: true, cadence: 'monthly', dayOfMonth: -1, expectedBy: '23:59', timeZone: 'UTC', startDate: '2026-02-28', endDate: null },
    });
  });

  it('reports every bad field', () => {
    const result = readSchedule({ cadence: 'daily', daysOfWeek: ['Mon'], expectedBy: '24:00', timeZone: 'Mars/Base', startDate: '2026-02-30', extra: 1 }, 'd');
    expect('errors' in result && result.errors.map((error) => error.field).sort()).toEqual(['d.daysOfWeek', 'd.expectedBy', 'd.extra', 'd.startDate', 'd.timeZone']);
  });
});
