import { isPlainObject, type FieldError, type ParameterGroup } from './types.js';

/** `{ slotParameterGroups: [...] }`; absent means none. Numbers and booleans become text, as stored. */
export function readParameters(value: unknown, path: string): { groups: ParameterGroup[] } | { errors: FieldError[] } {
  if (value === undefined || value === null) return { groups: [] };
  if (!isPlainObject(value)) return { errors: [{ field: path, message: 'must be an object { slotParameterGroups: [...] }' }] };
  const unknownKey = Object.keys(value).find((key) => key !== 'slotParameterGroups');
  if (unknownKey) return { errors: [{ field: `${path}.${unknownKey}`, message: 'is not a known field' }] };
  const list = value.slotParameterGroups ?? [];
  if (!Array.isArray(list)) return { errors: [{ field: `${path}.slotParameterGroups`, message: 'must be a list of groups' }] };

  const groups: ParameterGroup[] = [];
  for (const [index, group] of list.entries()) {
    const at = `${path}.slotParameterGroups[${index}]`;
    if (!isPlainObject(group) || Object.keys(group).some((key) => key !== 'slotParameterGroupName' && key !== 'slotParameters')) {
      return { errors: [{ field: at, message: 'must be an object { slotParameterGroupName, slotParameters }' }] };
    }
    const name = group.slotParameterGroupName;
    if (typeof name !== 'string' || name.trim() === '' || groups.some((seen) => seen.slotParameterGroupName === name)) {
      return { errors: [{ field: `${at}.slotParameterGroupName`, message: 'must be a non-empty group name, once per item' }] };
    }
    const items = group.slotParameters ?? [];
    if (!Array.isArray(items)) return { errors: [{ field: `${at}.slotParameters`, message: 'must be a list of { key, value }' }] };
    const parameters: Array<{ key: string; value: string }> = [];
    for (const [itemIndex, item] of items.entries()) {
      const itemAt = `${at}.slotParameters[${itemIndex}]`;
      if (!isPlainObject(item) || Object.keys(item).some((key) => key !== 'key' && key !== 'value')) return { errors: [{ field: itemAt, message: 'must be an object { key, value }' }] };
      const raw = item.value;
      const text = typeof raw === 'string' ? raw : (typeof raw === 'number' && Number.isFinite(raw)) || typeof raw === 'boolean' ? JSON.stringify(raw) : undefined;
      if (typeof item.key !== 'string' || item.key.trim() === '' || parameters.some((seen) => seen.key === item.key)) {
        return { errors: [{ field: `${itemAt}.key`, message: 'must be a non-empty key, once per group' }] };
      }
      if (text === undefined) return { errors: [{ field: `${itemAt}.value`, message: 'must be a string' }] };
      parameters.push({ key: item.key, value: text });
    }
    groups.push({ slotParameterGroupName: name, slotParameters: parameters });
  }
  return { groups };
}

/** Same groups, keys and values in the same order (order is part of what the server compares). */
export function parametersEqual(a: readonly ParameterGroup[], b: readonly ParameterGroup[]): boolean {
  const canonical = (groups: readonly ParameterGroup[]): string =>
    JSON.stringify(groups.map((group) => [group.slotParameterGroupName, group.slotParameters.map((parameter) => [parameter.key, parameter.value])]));
  return canonical(a) === canonical(b);
}
