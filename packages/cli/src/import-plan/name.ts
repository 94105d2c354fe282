import { isPlainObject, type FieldError, type NamePart } from './types.js';

/**
 * An item's `name` in the three forms the server takes: `[{ key, value }]`, `{ key: value }`
 * (insertion order), and the response form `[{ slotParameter: { key, value }, position }]`.
 */
export function readName(value: unknown, path: string): { name: NamePart[] } | { errors: FieldError[] } {
  if (value === undefined || value === null) return { errors: [{ field: path, message: 'is required' }] };
  if (isPlainObject(value)) {
    const name: NamePart[] = [];
    for (const [key, raw] of Object.entries(value)) {
      const text = scalarText(raw);
      if (key.trim() === '' || text === undefined) return { errors: [{ field: `${path}.${key}`, message: 'must be a non-empty key with a string, number or boolean value' }] };
      name.push({ key, value: text });
    }
    return name.length > 0 ? { name } : { errors: [{ field: path, message: 'must have at least one part' }] };
  }
  if (!Array.isArray(value)) return { errors: [{ field: path, message: 'must be a list of { key, value } parts or an object { key: value }' }] };

  const parts: Array<{ part: NamePart; position: unknown }> = [];
  for (const [index, item] of value.entries()) {
    const at = `${path}[${index}]`;
    if (!isPlainObject(item)) return { errors: [{ field: at, message: 'must be an object { key, value }' }] };
    const source = isPlainObject(item.slotParameter) ? item.slotParameter : item;
    const text = scalarText(source.value);
    if (typeof source.key !== 'string' || source.key.trim() === '' || text === undefined) {
      return { errors: [{ field: at, message: 'must have a non-empty key and a string, number or boolean value' }] };
    }
    const position = item.position;
    if (position !== undefined && position !== null && !(typeof position === 'number' && Number.isInteger(position) && position >= 0)) {
      return { errors: [{ field: `${at}.position`, message: 'must be a whole number of 0 or more' }] };
    }
    parts.push({ part: { key: source.key, value: text }, position });
  }
  if (parts.length === 0) return { errors: [{ field: path, message: 'must have at least one part' }] };
  // Ordered by position only when every part has one, as the server does.
  const positioned = parts.every((entry) => typeof entry.position === 'number');
  if (positioned && new Set(parts.map((entry) => entry.position)).size !== parts.length) return { errors: [{ field: path, message: 'has two parts with the same position' }] };
  const ordered = positioned ? [...parts].sort((a, b) => (a.position as number) - (b.position as number)) : parts;
  const name = ordered.map((entry) => entry.part);
  if (new Set(name.map((part) => part.key)).size !== name.length) return { errors: [{ field: path, message: 'repeats a key; each key may appear once' }] };
  return { name };
}

/** Booleans as LucoPy's repr prints them, the way the server stores them. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}
