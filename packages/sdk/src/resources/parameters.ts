import type { SlotParameterGroup, SlotSequenceParameters } from '../types/slot-sequence.js';

/** `slotParameterGroups` flattened to `{ group: { key: value } }`. */
export function flattenParameters(groups: readonly SlotParameterGroup[] | undefined | null): SlotSequenceParameters {
  const out: SlotSequenceParameters = {};
  for (const group of Array.isArray(groups) ? groups : []) {
    const values: Record<string, string> = {};
    for (const parameter of group.slotParameters ?? []) values[parameter.key] = parameter.value;
    out[group.slotParameterGroupName] = values;
  }
  return out;
}

/** All groups, one group, or one value; undefined where the group or key does not exist. */
export function pickParameters(parameters: SlotSequenceParameters, group?: string, key?: string): unknown {
  if (group === undefined) return parameters;
  const values = Object.hasOwn(parameters, group) ? parameters[group] : undefined;
  if (key === undefined || values === undefined) return values;
  return Object.hasOwn(values, key) ? values[key] : undefined;
}
