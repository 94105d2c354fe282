import { SlotSequenceNotFoundError, type LucoApi, type SlotSequenceConfig } from '@lucots/sdk';
import { addDays } from './calendar.js';

/** Something that goes wrong on one slot of a sequence, so the demo shows every slot status. */
export type Incident = 'late' | 'failed' | 'missing' | 'failingCheck';

export interface DemoSchedule {
  cadence: 'daily' | 'weekdays' | 'weekly';
  daysOfWeek?: readonly string[];
  /** Local time of day, `HH:MM`, in `timeZone`. */
  expectedBy: string;
  timeZone: string;
}

export interface DemoSequence {
  /** Short label for seeds, run ids and progress. */
  key: string;
  name: Readonly<Record<string, string>>;
  type: string;
  parameters: Readonly<Record<string, Readonly<Record<string, string>>>>;
  /** Absent: unscheduled (slots are made per tag, on demand). */
  schedule?: DemoSchedule;
  /** Typical rows per delivery, where they come from, and the table's key column. */
  rows: number;
  source: string;
  dataSet: string;
  keyColumn: string;
  /** By slot ordinal (0 = the slot on the start date), so reruns on later days hit the same slots. */
  incidents: Readonly<Record<number, Incident>>;
  /** Unscheduled only: the days after the start date on which an ad-hoc run happened. */
  adHocDays?: readonly number[];
}

export const DEMO_TIME_ZONE = 'Europe/London';
/** How far back the demo's history starts on a fresh database. */
export const HISTORY_DAYS = 14;

export const DEMO_SEQUENCES: readonly DemoSequence[] = [
  {
    key: 'daily-sales',
    name: { client: 'acme', feed: 'daily-sales' },
    type: 'feed',
    parameters: {
      source: { system: 'point-of-sale', transport: 'sftp', path: '/exports/sales/*.csv' },
      owner: { team: 'retail-data', contact: 'retail-data@acme.example' },
    },
    schedule: { cadence: 'daily', expectedBy: '09:00', timeZone: DEMO_TIME_ZONE },
    rows: 12_000,
    source: 'sftp',
    dataSet: 'warehouse.sales',
    keyColumn: 'transaction_id',
    incidents: { 4: 'late', 9: 'failingCheck' },
  },
  {
    key: 'orders',
    name: { client: 'acme', feed: 'orders' },
    type: 'feed',
    parameters: {
      source: { system: 'order-service', transport: 'https', endpoint: 'https://orders.acme.example/api/v2/export' },
      owner: { team: 'fulfilment', contact: 'fulfilment@acme.example' },
    },
    schedule: { cadence: 'weekdays', expectedBy: '07:30', timeZone: DEMO_TIME_ZONE },
    rows: 3_400,
    source: 'api',
    dataSet: 'warehouse.orders',
    keyColumn: 'order_id',
    incidents: { 3: 'failed', 6: 'missing' },
  },
  {
    key: 'inventory',
    name: { client: 'acme', feed: 'inventory-snapshot' },
    type: 'snapshot',
    parameters: {
      source: { system: 'warehouse-management', transport: 's3', bucket: 'acme-wms-exports' },
      owner: { team: 'supply-chain', contact: 'supply-chain@acme.example' },
    },
    schedule: { cadence: 'weekly', daysOfWeek: ['Mon'], expectedBy: '06:00', timeZone: DEMO_TIME_ZONE },
    rows: 48_000,
    source: 's3',
    dataSet: 'warehouse.inventory',
    keyColumn: 'sku',
    incidents: {},
  },
  {
    key: 'reprocessing',
    name: { client: 'acme', job: 'ad-hoc-reprocessing' },
    type: 'job',
    parameters: {
      target: { dataSet: 'warehouse.sales', mode: 'replace-partition' },
      owner: { team: 'retail-data', contact: 'retail-data@acme.example' },
    },
    rows: 9_000,
    source: 'warehouse',
    dataSet: 'warehouse.sales',
    keyColumn: 'transaction_id',
    incidents: {},
    adHocDays: [5, 11],
  },
];

/** The sequences in the import format, their schedules starting on `startDate`. */
export function importItems(startDate: string): SlotSequenceConfig[] {
  return DEMO_SEQUENCES.map((sequence) => ({
    name: { ...sequence.name },
    type: sequence.type,
    isActive: true,
    parameters: {
      slotParameterGroups: Object.entries(sequence.parameters).map(([group, values]) => ({
        slotParameterGroupName: group,
        slotParameters: Object.entries(values).map(([key, value]) => ({ key, value })),
      })),
    },
    delivery: sequence.schedule ? [{ isActive: true, ...sequence.schedule, startDate }] : [],
  }));
}

/**
 * The start date of the demo's history: the one already stored when the demo ran before (so the
 * import is identical and reports Exists), else two weeks before today.
 */
export async function demoStartDate(luco: LucoApi, today: string): Promise<string> {
  const fresh = addDays(today, -HISTORY_DAYS);
  const anchor = DEMO_SEQUENCES.find((sequence) => sequence.schedule !== undefined)!;
  let id: number;
  try {
    id = await luco.findSlotSequenceId(anchor.name);
  } catch (error) {
    if (error instanceof SlotSequenceNotFoundError) return fresh;
    throw error;
  }
  const stored = (await luco.getSlotSequence(id)).delivery?.find((schedule) => schedule.isActive)?.startDate;
  return typeof stored === 'string' ? stored : fresh;
}

/** `acme/daily-sales`: a sequence name's values, for people to read. */
export function displayName(name: Readonly<Record<string, string>>): string {
  return Object.values(name).join('/');
}
