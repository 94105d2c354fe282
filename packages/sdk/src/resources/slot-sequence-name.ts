import { ValidationError } from '../core/errors.js';
import { describe, plainText } from '../core/validate.js';
import type { NameValue, SlotParameterEntry, SlotSequenceDefinitionEntry, SlotSequenceName, SlotSequenceNameInput } from '../types/slot-sequence.js';

/**
 * Turns any accepted form of a slot sequence name into the ordered wire entries. Each part must
 * have exactly one non-empty key and a string, number or boolean value; anything else is a
 * ValidationError naming the part, before any request.
 */
export function toDefinition(input: SlotSequenceNameInput, field = 'slotSequence'): SlotSequenceDefinitionEntry[] {
  const pairs = namePairs(input, field);
  if (pairs.length === 0) throw new ValidationError(field, 'must have at least one key/value part');
  const seen = new Set<string>();
  return pairs.map(([key, value], position) => {
    const partField = `${field}[${position}]`;
    if (key.trim() === '') throw new ValidationError(partField, 'key must not be empty');
    if (key.includes('\u0000')) throw new ValidationError(partField, 'key must not contain a NUL character (\\u0000)');
    if (seen.has(key)) throw new ValidationError(partField, `key ${JSON.stringify(key)} appears twice`);
    seen.add(key);
    if (!(typeof value === 'string' || typeof value === 'boolean' || (typeof value === 'number' && Number.isFinite(value)))) {
      throw new ValidationError(`${partField}.${key}`, `value must be a string, finite number or boolean, got ${describe(value)}`);
    }
    if (typeof value === 'string') plainText(`${partField}.${key}`, value);
    // Booleans as LucoPy's repr prints them, so both clients name a part alike.
    return { position, key, value: typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value) };
  });
}

function namePairs(input: SlotSequenceNameInput, field: string): Array<[string, unknown]> {
  if (input === null || typeof input !== 'object') {
    throw new ValidationError(field, `must be an object of key/value parts or a list of one-key objects, got ${describe(input)}`);
  }
  if (!Array.isArray(input)) return Object.entries(input);
  return input.map((part: unknown, index): [string, unknown] => {
    if (Array.isArray(part)) {
      if (part.length !== 2 || typeof part[0] !== 'string') {
        throw new ValidationError(`${field}[${index}]`, 'a pair must be [key, value]');
      }
      return [part[0], part[1]];
    }
    if (part === null || typeof part !== 'object') {
      throw new ValidationError(`${field}[${index}]`, `must be an object with one key, got ${describe(part)}`);
    }
    const entries = Object.entries(part);
    if (entries.length !== 1) {
      throw new ValidationError(`${field}[${index}]`, `must have exactly one key, got ${entries.length} (${entries.map(([k]) => k).join(', ') || 'none'})`);
    }
    return entries[0] as [string, unknown];
  });
}

/** Query values for `SlotSequenceDefinition`: strict JSON objects, one per part. */
export function definitionQueryValues(definition: readonly SlotSequenceDefinitionEntry[]): string[] {
  return definition.map((entry) => JSON.stringify(entry));
}

/** `[{slotParameter:{key,value}}]` from the server, flattened to `{ key: value }` in position order. */
export function flattenName(entries: readonly SlotParameterEntry[] | undefined | null): SlotSequenceName {
  const out: SlotSequenceName = {};
  if (!Array.isArray(entries)) return out;
  const ordered = entries.every((entry) => typeof entry.position === 'number')
    ? [...entries].sort((a, b) => (a.position ?? 0) - (b.position ?? 0))
    : entries;
  for (const entry of ordered) {
    if (entry?.slotParameter && typeof entry.slotParameter.key === 'string') out[entry.slotParameter.key] = String(entry.slotParameter.value);
  }
  return out;
}

/** A readable name for messages: `client=acme, feed=sales`. */
export function formatName(definition: readonly SlotSequenceDefinitionEntry[]): string {
  return definition.map((entry) => `${entry.key}=${entry.value}`).join(', ');
}

export type { NameValue };
