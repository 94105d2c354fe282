import type { DeliverySchedule, MetricRecord, SlotSequenceParameters } from '@lucots/sdk';
import { formatSequenceName } from '../parse/sequence-name.js';
import type { Colours } from './colour.js';
import { statusColour } from './colour.js';
import { renderTable } from './table.js';

/** Human renderings of the SDK's result types, shared by the commands that show them. */

export function nameText(name: Readonly<Record<string, string>> | undefined): string {
  return name && Object.keys(name).length > 0 ? formatSequenceName(name) : '-';
}

/** `daily at 06:00 Europe/London from 2026-01-01`, or `unscheduled`. */
export function scheduleText(schedule: DeliverySchedule | null | undefined): string {
  if (!schedule) return 'unscheduled';
  const field = (key: string): string | undefined => {
    const value = schedule[key];
    if (value === undefined || value === null) return undefined;
    return Array.isArray(value) ? value.join(',') : String(value);
  };
  const cadence = field('cadence') ?? 'scheduled';
  const on = field('daysOfWeek') ?? (field('dayOfMonth') ? `day ${field('dayOfMonth')}` : undefined);
  const parts = [cadence, on && `on ${on}`, field('expectedBy') && `at ${field('expectedBy')}`, field('timeZone'), field('startDate') && `from ${field('startDate')}`, field('endDate') && `until ${field('endDate')}`];
  return parts.filter(Boolean).join(' ');
}

export function parametersTable(parameters: SlotSequenceParameters, colours: Colours): string {
  const rows = Object.entries(parameters).flatMap(([group, values]) => Object.entries(values).map(([key, value]) => ({ group, key, value })));
  if (rows.length === 0) return '(no parameters)\n';
  return renderTable(
    [
      { header: 'group', value: (row) => row.group },
      { header: 'key', value: (row) => row.key },
      { header: 'value', value: (row) => row.value },
    ],
    rows,
    colours,
  );
}

export function metricsTable(records: readonly MetricRecord[], colours: Colours): string {
  if (records.length === 0) return '(no metrics)\n';
  return renderTable(
    [
      { header: 'stage', value: (row) => row.stage },
      { header: 'metric', value: (row) => row.metric },
      { header: 'value', value: (row) => (typeof row.value === 'string' ? row.value : String(row.value)), align: 'right' },
      { header: 'recorded', value: (row) => (typeof row.createdOn === 'string' ? row.createdOn : undefined) },
    ],
    records,
    colours,
  );
}

export function qualityTable(collections: ReadonlyArray<Record<string, unknown>>, colours: Colours): string {
  if (collections.length === 0) return '(no quality results)\n';
  return renderTable(
    [
      { header: 'stage', value: (row) => text(row.stage) },
      { header: 'name', value: (row) => text(row.name) },
      { header: 'success', value: (row) => text(row.success) },
      { header: 'action', value: (row) => text(row.action) },
      { header: 'checks', value: (row) => (Array.isArray(row.checks) ? row.checks.length : undefined), align: 'right' },
      {
        header: 'failed',
        value: (row) => (Array.isArray(row.checks) ? row.checks.filter((check) => (check as { success?: unknown }).success === false).length : undefined),
        align: 'right',
      },
    ],
    collections,
    colours,
  );
}

export function statusText(colours: Colours, status: string | null | undefined): string {
  return status ? statusColour(colours, status) : '-';
}

function text(value: unknown): string | undefined {
  if (value === undefined || value === null) return undefined;
  return typeof value === 'string' ? value : JSON.stringify(value);
}

/** A section heading for multi-part human output. */
export function heading(colours: Colours, title: string): string {
  return `\n${colours.bold(title)}\n`;
}
