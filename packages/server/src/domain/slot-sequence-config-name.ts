import type { FieldError } from './schedule/index.js';
import type { NamePart } from '../wire/names.js';

/**
 * Reads the `name` of an import config item. Three forms are accepted: the canonical list
 * `[{ key, value }]`, an object `{ client: 'acme' }` (insertion order gives the positions) and the
 * response form `[{ slotParameter: { key, value }, position }]`. List items may carry `position`;
 * when every item does, they are ordered by it, otherwise by list order.
 */
export function parseConfigName(value: unknown, path: string): { name: NamePart[] } | { errors: FieldError[] } {
  if (value === undefined || value === null) return { errors: [{ field: path, message: 'is required: a list of { key, value } parts or an object { key: value }' }] };
  if (Array.isArray(value)) return fromList(value, path);
  if (isPlainObject(value)) return fromObject(value, path);
  return { errors: [{ field: path, message: 'must be a list of { key, value } parts or an object { key: value }' }] };
}

function fromObject(value: Record<string, unknown>, path: string): { name: NamePart[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const name: NamePart[] = [];
  for (const [key, raw] of Object.entries(value)) {
    const text = scalarText(raw);
    if (key.trim() === '') errors.push({ field: path, message: 'has an empty key' });
    else if (text === undefined) errors.push({ field: `${path}.${key}`, message: 'must be a string, number or boolean' });
    else name.push({ key, value: text });
  }
  if (errors.length === 0 && name.length === 0) errors.push({ field: path, message: 'must have at least one part' });
  return errors.length > 0 ? { errors } : { name };
}

function fromList(items: unknown[], path: string): { name: NamePart[] } | { errors: FieldError[] } {
  const errors: FieldError[] = [];
  const parts: Array<{ part: NamePart; position: number | undefined }> = [];
  items.forEach((item, index) => {
    const at = `${path}[${index}]`;
    if (!isPlainObject(item)) {
      errors.push({ field: at, message: 'must be an object { key, value } or { slotParameter: { key, value }, position }' });
      return;
    }
    const inner = item.slotParameter;
    if (inner !== undefined && !isPlainObject(inner)) {
      errors.push({ field: `${at}.slotParameter`, message: 'must be an object { key, value }' });
      return;
    }
    const source = inner ?? item;
    const base = inner ? `${at}.slotParameter` : at;
    const key = source.key;
    const text = scalarText(source.value);
    const position = item.position;
    let ok = true;
    if (typeof key !== 'string' || key.trim() === '') {
      errors.push({ field: `${base}.key`, message: 'must be a non-empty string' });
      ok = false;
    }
    if (text === undefined) {
      errors.push({ field: `${base}.value`, message: 'must be a string, number or boolean' });
      ok = false;
    }
    if (position !== undefined && position !== null && !(typeof position === 'number' && Number.isInteger(position) && position >= 0)) {
      errors.push({ field: `${at}.position`, message: 'must be a whole number of 0 or more' });
      ok = false;
    }
    if (ok) parts.push({ part: { key: key as string, value: text as string }, position: typeof position === 'number' ? position : undefined });
  });
  if (errors.length > 0) return { errors };
  if (parts.length === 0) return { errors: [{ field: path, message: 'must have at least one part' }] };
  const positioned = parts.every((entry) => entry.position !== undefined);
  if (positioned && new Set(parts.map((entry) => entry.position)).size !== parts.length) {
    return { errors: [{ field: path, message: 'has two parts with the same position' }] };
  }
  const ordered = positioned ? [...parts].sort((a, b) => (a.position ?? 0) - (b.position ?? 0)) : parts;
  const name = ordered.map((entry) => entry.part);
  const seen = new Set<string>();
  for (const [index, part] of name.entries()) {
    if (seen.has(part.key)) return { errors: [{ field: `${path}[${index}]`, message: `repeats the key ${JSON.stringify(part.key)}; each key may appear once` }] };
    seen.add(part.key);
  }
  return { name };
}

/** A name part value as text; booleans as LucoPy's repr prints them, as for query definitions. */
function scalarText(value: unknown): string | undefined {
  if (typeof value === 'string') return value;
  if (typeof value === 'number' && Number.isFinite(value)) return String(value);
  if (typeof value === 'boolean') return value ? 'True' : 'False';
  return undefined;
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
