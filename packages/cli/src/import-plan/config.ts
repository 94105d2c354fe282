import { readName } from './name.js';
import { readParameters } from './parameters.js';
import { readSchedule } from './schedule.js';
import { isPlainObject, type FieldError, type NamePart, type Schedule, type SequenceConfig } from './types.js';

const FIELDS = ['slotSequenceId', 'name', 'type', 'isActive', 'parameters', 'delivery'];

export interface ReadConfig {
  /** Read even when other fields are bad, to report the item and to spot repeated names. */
  name: NamePart[] | undefined;
  config: SequenceConfig | undefined;
  errors: FieldError[];
}

/** One import item, read as the server reads it (defaults: no type, active, no parameters, unscheduled). */
export function readConfig(value: unknown, path: string): ReadConfig {
  if (!isPlainObject(value)) return { name: undefined, config: undefined, errors: [{ field: path, message: 'must be an object' }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(value)) if (!FIELDS.includes(key)) errors.push({ field: `${path}.${key}`, message: 'is not a known field' });

  const nameResult = readName(value.name, `${path}.name`);
  const name = 'name' in nameResult ? nameResult.name : undefined;
  if ('errors' in nameResult) errors.push(...nameResult.errors);

  let type: string | null = null;
  if (typeof value.type === 'string') type = value.type.trim() === '' ? null : value.type;
  else if (value.type !== undefined && value.type !== null) errors.push({ field: `${path}.type`, message: 'must be a string or null' });

  const isActive = value.isActive ?? true;
  if (typeof isActive !== 'boolean') errors.push({ field: `${path}.isActive`, message: 'must be true or false' });

  const parameters = readParameters(value.parameters, `${path}.parameters`);
  if ('errors' in parameters) errors.push(...parameters.errors);

  const delivery: Schedule[] = [];
  if (value.delivery !== undefined && value.delivery !== null) {
    if (!Array.isArray(value.delivery)) errors.push({ field: `${path}.delivery`, message: 'must be a list of delivery schedules' });
    else {
      for (const [index, item] of value.delivery.entries()) {
        const result = readSchedule(item, `${path}.delivery[${index}]`);
        if ('errors' in result) errors.push(...result.errors);
        else delivery.push(result.schedule);
      }
      if (delivery.filter((schedule) => schedule.isActive).length > 1) errors.push({ field: `${path}.delivery`, message: 'has more than one active schedule' });
    }
  }

  if (errors.length > 0 || !name || typeof isActive !== 'boolean' || !('groups' in parameters)) return { name, config: undefined, errors };
  return { name, config: { name, type, isActive, parameters: parameters.groups, delivery }, errors: [] };
}
