import { UsageError } from '../exit-codes.js';

/**
 * A slot sequence name as typed on the command line: `client=acme,feed=sales`. Order is kept (it is
 * part of the name). A backslash escapes the next character, so `\,` and `\=` are literal and
 * `\\` is a backslash. The value starts at the first unescaped `=`.
 * Returns `[key, value]` pairs, which the SDK takes as they are (an object would reorder
 * integer-like keys).
 */
export function parseSequenceName(text: string, flag = '--sequence'): Array<[string, string]> {
  const parts = splitUnescaped(text, ',');
  if (parts.length === 0 || (parts.length === 1 && parts[0]?.raw.trim() === '')) {
    throw new UsageError(`${flag}: expected key=value[,key=value...], got an empty name`);
  }
  return parts.map(({ raw }) => {
    const [key, value] = splitFirstUnescaped(raw, '=');
    if (value === undefined) throw new UsageError(`${flag}: expected key=value, got ${JSON.stringify(unescape(raw))} (escape a literal comma as \\,)`);
    const cleanKey = unescape(key).trim();
    if (cleanKey === '') throw new UsageError(`${flag}: a part has an empty key in ${JSON.stringify(text)}`);
    return [cleanKey, unescape(value)];
  });
}

/** Formats pairs back to the command-line form, escaping what needs it. */
export function formatSequenceName(name: Readonly<Record<string, string>> | ReadonlyArray<readonly [string, string]>): string {
  const pairs = Array.isArray(name) ? name : Object.entries(name);
  const escape = (part: string): string => part.replace(/[\\,=]/g, (char) => `\\${char}`);
  return pairs.map(([key, value]) => `${escape(key)}=${escape(value)}`).join(',');
}

interface Piece {
  raw: string;
}

/** Splits on a separator that is not preceded by an escaping backslash; escapes stay in place. */
function splitUnescaped(text: string, separator: string): Piece[] {
  const pieces: Piece[] = [];
  let current = '';
  for (let index = 0; index < text.length; index++) {
    const char = text[index] as string;
    if (char === '\\' && index + 1 < text.length) {
      current += char + (text[index + 1] as string);
      index++;
    } else if (char === separator) {
      pieces.push({ raw: current });
      current = '';
    } else {
      current += char;
    }
  }
  pieces.push({ raw: current });
  return pieces;
}

function splitFirstUnescaped(text: string, separator: string): [string, string | undefined] {
  for (let index = 0; index < text.length; index++) {
    const char = text[index];
    if (char === '\\') index++;
    else if (char === separator) return [text.slice(0, index), text.slice(index + 1)];
  }
  return [text, undefined];
}

function unescape(text: string): string {
  return text.replace(/\\(.)/g, '$1');
}
