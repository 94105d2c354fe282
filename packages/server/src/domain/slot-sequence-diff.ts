import { normalizeSchedule, type DeliverySchedule } from './schedule/index.js';
import type { SlotParameterGroup } from './slot-sequence.js';

/** What a plan compares of a sequence: everything an import can write (the name is the identity). */
export interface SequenceState {
  type: string | null;
  isActive: boolean;
  parameters: SlotParameterGroup[];
  delivery: DeliverySchedule[];
}

/** One value that differs: where (a path such as `delivery[0].expectedBy`), and its two values; null: absent. */
export interface FieldChange {
  field: string;
  before: unknown;
  after: unknown;
}

/**
 * The value-level differences between two states of a sequence; `before` undefined: the sequence
 * does not exist yet (every value it gets is a change from null). Parameters are compared by
 * group and key (`parameters.source.path`), with one `parameters` change for a change of order
 * alone; schedules by position and field (`delivery[0].expectedBy`), a schedule added or removed
 * as a whole (`delivery[1]`).
 */
export function diffSequences(before: SequenceState | undefined, after: SequenceState): FieldChange[] {
  const changes: FieldChange[] = [];
  if (before?.type !== after.type && !(before === undefined && after.type === null)) changes.push({ field: 'type', before: before?.type ?? null, after: after.type });
  if (before?.isActive !== after.isActive) changes.push({ field: 'isActive', before: before?.isActive ?? null, after: after.isActive });
  diffParameters(before?.parameters ?? [], after.parameters, changes);
  diffDelivery(before?.delivery ?? [], after.delivery, changes);
  return changes;
}

function diffParameters(before: readonly SlotParameterGroup[], after: readonly SlotParameterGroup[], changes: FieldChange[]): void {
  const oldValues = parameterValues(before);
  const newValues = parameterValues(after);
  const start = changes.length;
  for (const [field, value] of newValues) {
    const old = oldValues.get(field);
    if (old !== value) changes.push({ field, before: old ?? null, after: value });
  }
  for (const [field, value] of oldValues) {
    if (!newValues.has(field)) changes.push({ field, before: value, after: null });
  }
  // Same values in another order: the order is part of what an import compares, so it is a change.
  if (changes.length === start && JSON.stringify([...oldValues.keys()]) !== JSON.stringify([...newValues.keys()])) {
    changes.push({ field: 'parameters', before: [...before], after: [...after] });
  }
}

function parameterValues(groups: readonly SlotParameterGroup[]): Map<string, string> {
  const values = new Map<string, string>();
  for (const group of groups) {
    for (const parameter of group.slotParameters) values.set(`parameters${segment(group.slotParameterGroupName)}${segment(parameter.key)}`, parameter.value);
  }
  return values;
}

function diffDelivery(before: readonly DeliverySchedule[], after: readonly DeliverySchedule[], changes: FieldChange[]): void {
  for (let index = 0; index < Math.max(before.length, after.length); index++) {
    const old = before[index];
    const now = after[index];
    const at = `delivery[${index}]`;
    if (!old || !now) {
      changes.push({ field: at, before: old ? normalizeSchedule(old) : null, after: now ? normalizeSchedule(now) : null });
      continue;
    }
    const a = normalizeSchedule(old) as unknown as Record<string, unknown>;
    const b = normalizeSchedule(now) as unknown as Record<string, unknown>;
    for (const key of new Set([...Object.keys(a), ...Object.keys(b)])) {
      if (JSON.stringify(a[key]) !== JSON.stringify(b[key])) changes.push({ field: `${at}.${key}`, before: a[key] ?? null, after: b[key] ?? null });
    }
  }
}

/** `.name` for a plain name, `["a name"]` for anything else, so every path reads back unambiguously. */
function segment(name: string): string {
  return /^[A-Za-z_][A-Za-z0-9_-]*$/.test(name) ? `.${name}` : `[${JSON.stringify(name)}]`;
}
