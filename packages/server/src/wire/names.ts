import { parseLenientJson } from './lenient-json.js';
import { InputError, type FieldProblem } from './input-error.js';
import { hasNul, NUL_MESSAGE } from './nul-characters.js';

/** One part of a slot sequence name, in order. */
export interface NamePart {
  key: string;
  value: string;
}

/** The unique key a name is stored under: its parts, in order, as JSON. */
export function nameKey(parts: readonly NamePart[]): string {
  return JSON.stringify(parts.map((part) => [part.key, part.value]));
}

/** `[{ slotParameter: { key, value }, position }]`: how names go out on the wire. */
export function toWireName(parts: readonly NamePart[]): Array<{ slotParameter: NamePart; position: number }> {
  return parts.map((part, position) => ({ slotParameter: { key: part.key, value: part.value }, position }));
}

export function formatName(parts: readonly NamePart[]): string {
  return parts.map((part) => `${part.key}=${part.value}`).join(', ');
}

/**
 * Reads `SlotSequenceDefinition` entries, as query values (strict JSON or LucoPy's Python repr)
 * or as body objects: `{ position, key, value }`, ordered by position.
 */
export function parseDefinitionEntries(entries: readonly unknown[], field: string): NamePart[] {
  const problems: FieldProblem[] = [];
  const parsed: Array<{ position: number; part: NamePart }> = [];
  entries.forEach((entry, index) => {
    const path = `${field}[${index}]`;
    let value = entry;
    if (typeof entry === 'string') {
      try {
        value = parseLenientJson(entry);
      } catch (error) {
        problems.push({ field: path, message: `is not a JSON object or Python dict: ${(error as Error).message}` });
        return;
      }
    }
    if (typeof value !== 'object' || value === null || Array.isArray(value)) {
      problems.push({ field: path, message: 'must be an object { position, key, value }' });
      return;
    }
    const record = value as Record<string, unknown>;
    const key = record.key ?? record.Key;
    const partValue = record.value ?? record.Value;
    const position = record.position ?? record.Position ?? index;
    // A query value is checked for NUL as sent; an escape inside it (\u0000, \x00) can still make one.
    if (typeof key !== 'string' || key.trim() === '') problems.push({ field: `${path}.key`, message: 'must be a non-empty string' });
    else if (hasNul(key)) problems.push({ field: `${path}.key`, message: NUL_MESSAGE });
    if (partValue === undefined || partValue === null || typeof partValue === 'object') {
      problems.push({ field: `${path}.value`, message: 'must be a string, number or boolean' });
    } else if (typeof partValue === 'string' && hasNul(partValue)) {
      problems.push({ field: `${path}.value`, message: NUL_MESSAGE });
    }
    if (typeof position !== 'number' || !Number.isInteger(position) || position < 0) {
      problems.push({ field: `${path}.position`, message: 'must be a whole number of 0 or more' });
    }
    if (typeof key === 'string' && key.trim() !== '' && partValue !== undefined && partValue !== null && typeof partValue !== 'object' && typeof position === 'number') {
      parsed.push({ position, part: { key, value: pythonScalarText(partValue) } });
    }
  });
  if (problems.length === 0 && parsed.length === 0) problems.push({ field, message: 'is required: give at least one name part' });
  const positions = new Set(parsed.map((entry) => entry.position));
  if (positions.size !== parsed.length) problems.push({ field, message: 'has two parts with the same position' });
  const keys = new Set(parsed.map((entry) => entry.part.key));
  if (keys.size !== parsed.length) problems.push({ field, message: 'has the same key twice' });
  if (problems.length > 0) throw new InputError(problems);
  return parsed.sort((a, b) => a.position - b.position).map((entry) => entry.part);
}

/** A scalar as text; booleans as LucoPy's repr would print them, so both clients name a part alike. */
function pythonScalarText(value: unknown): string {
  if (value === true) return 'True';
  if (value === false) return 'False';
  return String(value);
}
