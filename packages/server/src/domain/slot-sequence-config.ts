import { parseDeliverySchedule, schedulesEqual, type DeliverySchedule, type FieldError } from './schedule/index.js';
import type { SlotParameterGroup, SlotSequence } from './slot-sequence.js';
import { isPlainObject, parseConfigName } from './slot-sequence-config-name.js';
import { parametersEqual, parseConfigParameters } from './slot-sequence-config-parameters.js';
import type { NamePart } from '../wire/names.js';

/**
 * The import/export format of a slot sequence (one item of `slotSequences` in an import, one
 * element of an export). Export writes the canonical form; import reads that and a few looser
 * forms, so export -> import is always a no-op.
 */

/** A config item once read and normalised. */
export interface SlotSequenceConfig {
  name: NamePart[];
  /** null: no type. */
  type: string | null;
  isActive: boolean;
  parameters: SlotParameterGroup[];
  /** Normalised schedules, at most one active; [] when unscheduled. */
  delivery: DeliverySchedule[];
}

/** The canonical wire form, as export writes it. */
export interface SlotSequenceConfigItem {
  slotSequenceId: number;
  name: NamePart[];
  type: string | null;
  isActive: boolean;
  parameters: { slotParameterGroups: SlotParameterGroup[] };
  delivery: DeliverySchedule[];
}

export const CONFIG_FIELDS = ['slotSequenceId', 'name', 'type', 'isActive', 'parameters', 'delivery'] as const;

export interface ParsedConfig {
  /** The name when it could be read, even if other fields are bad (to report and to spot repeats). */
  name: NamePart[] | undefined;
  config: SlotSequenceConfig | undefined;
  errors: FieldError[];
}

/** Reads one config item; `path` prefixes every error field (e.g. `slotSequences[3]`). */
export function parseSlotSequenceConfig(value: unknown, path: string): ParsedConfig {
  if (!isPlainObject(value)) return { name: undefined, config: undefined, errors: [{ field: path, message: 'must be an object { name, type, isActive, parameters, delivery }' }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(value)) {
    if (!(CONFIG_FIELDS as readonly string[]).includes(key)) errors.push({ field: `${path}.${key}`, message: `is not a known field; allowed fields are ${CONFIG_FIELDS.join(', ')}` });
  }

  const nameResult = parseConfigName(value.name, `${path}.name`);
  const name = 'name' in nameResult ? nameResult.name : undefined;
  if ('errors' in nameResult) append(errors, nameResult.errors);

  let type: string | null = null;
  if (typeof value.type === 'string') type = value.type.trim() === '' ? null : value.type;
  else if (value.type !== undefined && value.type !== null) errors.push({ field: `${path}.type`, message: 'must be a string or null' });

  const isActive = value.isActive ?? true;
  if (typeof isActive !== 'boolean') errors.push({ field: `${path}.isActive`, message: 'must be true or false' });

  const parametersResult = parseConfigParameters(value.parameters, `${path}.parameters`);
  if ('errors' in parametersResult) append(errors, parametersResult.errors);

  const delivery = parseDelivery(value.delivery, `${path}.delivery`, errors);

  if (errors.length > 0 || !name || typeof isActive !== 'boolean' || !('groups' in parametersResult) || !delivery) {
    return { name, config: undefined, errors: firstErrors(errors, path) };
  }
  return { name, config: { name, type, isActive, parameters: parametersResult.groups, delivery }, errors: [] };
}

function parseDelivery(value: unknown, path: string, errors: FieldError[]): DeliverySchedule[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field: path, message: 'must be a list of delivery schedules (empty for an unscheduled sequence)' });
    return undefined;
  }
  const schedules: DeliverySchedule[] = [];
  let ok = true;
  value.forEach((item: unknown, index) => {
    const result = parseDeliverySchedule(item, `${path}[${index}]`);
    if ('errors' in result) {
      append(errors, result.errors);
      ok = false;
    } else {
      schedules.push(result.schedule);
    }
  });
  if (ok && schedules.filter((schedule) => schedule.isActive).length > 1) {
    errors.push({ field: path, message: 'has more than one active schedule; at most one may be active' });
    ok = false;
  }
  return ok ? schedules : undefined;
}

/** How many errors one item reports: past that they are the same mistake repeated. */
export const MAX_ITEM_ERRORS = 100;

function firstErrors(errors: FieldError[], path: string): FieldError[] {
  if (errors.length <= MAX_ITEM_ERRORS) return errors;
  const kept = errors.slice(0, MAX_ITEM_ERRORS);
  kept.push({ field: path, message: `has ${errors.length - MAX_ITEM_ERRORS} more errors, not listed` });
  return kept;
}

/**
 * Adds `more` to `errors` one by one: an item with a hundred thousand bad parameters has as many
 * errors, too many to spread into one call's arguments.
 */
function append(errors: FieldError[], more: readonly FieldError[]): void {
  for (const error of more) errors.push(error);
}

/** A stored sequence in the canonical config form. */
export function toConfigItem(sequence: SlotSequence): SlotSequenceConfigItem {
  return {
    slotSequenceId: sequence.id,
    name: sequence.name.map((part) => ({ key: part.key, value: part.value })),
    type: sequence.type,
    isActive: sequence.isActive,
    parameters: { slotParameterGroups: sequence.parameters },
    delivery: sequence.delivery,
  };
}

export function deliveryEqual(a: readonly DeliverySchedule[], b: readonly DeliverySchedule[]): boolean {
  return a.length === b.length && a.every((schedule, index) => schedulesEqual(schedule, b[index]!));
}

/** The fields (other than the name) in which a config differs from a stored sequence. */
export interface ConfigDifferences {
  type: boolean;
  parameters: boolean;
  delivery: boolean;
  isActive: boolean;
}

export function configDifferences(sequence: SlotSequence, config: SlotSequenceConfig, options: { compareDelivery: boolean }): ConfigDifferences {
  return {
    type: sequence.type !== config.type,
    parameters: !parametersEqual(sequence.parameters, config.parameters),
    delivery: options.compareDelivery && !deliveryEqual(sequence.delivery, config.delivery),
    isActive: sequence.isActive !== config.isActive,
  };
}
