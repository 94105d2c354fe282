import type { FieldError } from './schedule/index.js';
import type { SlotParameter, SlotParameterGroup } from './slot-sequence.js';
import { isPlainObject } from './slot-sequence-config-name.js';

/**
 * Reads `parameters: { slotParameterGroups: [{ slotParameterGroupName, slotParameters: [{ key,
 * value }] }] }`. Absent or null means no groups. Group names are unique, keys unique within a
 * group; values are text (numbers and booleans are written as JSON prints them). Order is kept:
 * it is part of what an import compares.
 */
export function parseConfigParameters(value: unknown, path: string): { groups: SlotParameterGroup[] } | { errors: FieldError[] } {
  if (value === undefined || value === null) return { groups: [] };
  if (!isPlainObject(value)) return { errors: [{ field: path, message: 'must be an object { slotParameterGroups: [...] }' }] };
  const errors: FieldError[] = [];
  for (const key of Object.keys(value)) {
    if (key !== 'slotParameterGroups') errors.push({ field: `${path}.${key}`, message: 'is not a known field; the only field is slotParameterGroups' });
  }
  const list = value.slotParameterGroups ?? [];
  if (!Array.isArray(list)) return { errors: [...errors, { field: `${path}.slotParameterGroups`, message: 'must be a list of groups' }] };
  const groups: SlotParameterGroup[] = [];
  const groupNames = new Set<string>();
  list.forEach((group: unknown, index) => {
    const at = `${path}.slotParameterGroups[${index}]`;
    if (!isPlainObject(group)) {
      errors.push({ field: at, message: 'must be an object { slotParameterGroupName, slotParameters }' });
      return;
    }
    for (const key of Object.keys(group)) {
      if (key !== 'slotParameterGroupName' && key !== 'slotParameters') errors.push({ field: `${at}.${key}`, message: 'is not a known field; allowed fields are slotParameterGroupName, slotParameters' });
    }
    const name = group.slotParameterGroupName;
    if (typeof name !== 'string' || name.trim() === '') {
      errors.push({ field: `${at}.slotParameterGroupName`, message: 'must be a non-empty string' });
    } else if (groupNames.has(name)) {
      errors.push({ field: `${at}.slotParameterGroupName`, message: `repeats the group ${JSON.stringify(name)}; each group may appear once` });
    } else {
      groupNames.add(name);
    }
    const parameters = parseGroupParameters(group.slotParameters, `${at}.slotParameters`, errors);
    if (typeof name === 'string' && parameters) groups.push({ slotParameterGroupName: name, slotParameters: parameters });
  });
  return errors.length > 0 ? { errors } : { groups };
}

function parseGroupParameters(value: unknown, path: string, errors: FieldError[]): SlotParameter[] | undefined {
  if (value === undefined || value === null) return [];
  if (!Array.isArray(value)) {
    errors.push({ field: path, message: 'must be a list of { key, value }' });
    return undefined;
  }
  const keys = new Set<string>();
  const out: SlotParameter[] = [];
  value.forEach((item: unknown, index) => {
    const at = `${path}[${index}]`;
    if (!isPlainObject(item)) {
      errors.push({ field: at, message: 'must be an object { key, value }' });
      return;
    }
    for (const key of Object.keys(item)) {
      if (key !== 'key' && key !== 'value') errors.push({ field: `${at}.${key}`, message: 'is not a known field; allowed fields are key, value' });
    }
    const { key, value: raw } = item;
    const text = typeof raw === 'string' ? raw : (typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean' ? JSON.stringify(raw) : undefined;
    if (typeof key !== 'string' || key.trim() === '') errors.push({ field: `${at}.key`, message: 'must be a non-empty string' });
    else if (keys.has(key)) errors.push({ field: `${at}.key`, message: `repeats the key ${JSON.stringify(key)} in this group` });
    else keys.add(key);
    if (text === undefined) errors.push({ field: `${at}.value`, message: 'must be a string (numbers and booleans are stored as text)' });
    if (typeof key === 'string' && text !== undefined) out.push({ key, value: text });
  });
  return out;
}

/** Same groups, names, keys and values, in the same order. */
export function parametersEqual(a: readonly SlotParameterGroup[], b: readonly SlotParameterGroup[]): boolean {
  return JSON.stringify(canonical(a)) === JSON.stringify(canonical(b));
}

function canonical(groups: readonly SlotParameterGroup[]): unknown {
  return groups.map((group) => [group.slotParameterGroupName, group.slotParameters.map((parameter) => [parameter.key, parameter.value])]);
}
