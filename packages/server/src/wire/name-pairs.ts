import { InputError, type FieldProblem } from './input-error.js';
import { MAX_NAME_PARTS } from './limits.js';
import type { NamePart } from './names.js';

/**
 * A whole slot sequence name given as repeated `key=value` query values, in the name's order
 * (`sequence=client=acme&sequence=feed=sales`): the first `=` splits and neither side may be
 * empty; a key given twice, or more than MAX_NAME_PARTS parts, is a 400.
 */
export function parseNamePairs(texts: readonly string[], field: string): NamePart[] {
  const problems: FieldProblem[] = [];
  const parts: NamePart[] = [];
  const seen = new Set<string>();
  texts.forEach((text, index) => {
    const at = text.indexOf('=');
    const key = at < 0 ? '' : text.slice(0, at);
    const value = at < 0 ? '' : text.slice(at + 1);
    if (key.trim() === '' || value === '') problems.push({ field: `${field}[${index}]`, message: `must be key=value, e.g. client=acme; got ${JSON.stringify(text.slice(0, 60))}` });
    else if (seen.has(key)) problems.push({ field: `${field}[${index}]`, message: `names the key ${JSON.stringify(key)} a second time` });
    else {
      seen.add(key);
      parts.push({ key, value });
    }
  });
  if (texts.length === 0) problems.push({ field, message: 'is required: the sequence name as key=value parts, repeated' });
  if (texts.length > MAX_NAME_PARTS) problems.push({ field, message: `has ${texts.length} parts; a name has at most ${MAX_NAME_PARTS}` });
  if (problems.length > 0) throw new InputError(problems);
  return parts;
}
