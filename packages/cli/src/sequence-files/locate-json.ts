import type { PathSegment } from './field-path.js';

/**
 * The offset in JSON `text` of the value at `path`, or of the deepest part of it that exists. The
 * text must be valid JSON (it was parsed already); this only walks it, so messages can say which
 * line a field is on.
 */
export function locateInJson(text: string, path: readonly PathSegment[]): number {
  let position = skipSpace(text, 0);
  for (const segment of path) {
    const next = childOffset(text, position, segment);
    if (next === undefined) break;
    position = next;
  }
  return position;
}

/** Where the child `segment` of the object or list starting at `start` begins, if it has one. */
function childOffset(text: string, start: number, segment: PathSegment): number | undefined {
  const open = text[start];
  if (open !== '{' && open !== '[') return undefined;
  let position = skipSpace(text, start + 1);
  for (let index = 0; text[position] !== '}' && text[position] !== ']'; index++) {
    let key: string | number = index;
    if (open === '{') {
      const end = stringEnd(text, position);
      key = JSON.parse(text.slice(position, end)) as string;
      position = skipSpace(text, skipSpace(text, end) + 1); // past the colon
    }
    if (key === segment) return position;
    position = skipSpace(text, valueEnd(text, position));
    if (text[position] === ',') position = skipSpace(text, position + 1);
  }
  return undefined;
}

function valueEnd(text: string, start: number): number {
  const first = text[start];
  if (first === '"') return stringEnd(text, start);
  if (first !== '{' && first !== '[') {
    let position = start;
    while (position < text.length && !/[\s,\]}]/.test(text[position]!)) position++;
    return position;
  }
  let depth = 0;
  for (let position = start; position < text.length; position++) {
    const char = text[position];
    if (char === '"') position = stringEnd(text, position) - 1;
    else if (char === '{' || char === '[') depth++;
    else if ((char === '}' || char === ']') && --depth === 0) return position + 1;
  }
  return text.length;
}

function stringEnd(text: string, start: number): number {
  let position = start + 1;
  while (position < text.length && text[position] !== '"') position += text[position] === '\\' ? 2 : 1;
  return position + 1;
}

function skipSpace(text: string, start: number): number {
  let position = start;
  while (position < text.length && /\s/.test(text[position]!)) position++;
  return position;
}

/** 1-based line of an offset. */
export function lineAt(text: string, offset: number): number {
  let line = 1;
  for (let position = 0; position < offset && position < text.length; position++) if (text.charCodeAt(position) === 10) line++;
  return line;
}

/**
 * Where JSON `text` stops being valid (JSON.parse's message does not always say): a strict
 * recursive-descent walk of the grammar; the offset of the first character it cannot take.
 */
export function jsonErrorOffset(text: string): number {
  let position = 0;
  const fail = (): never => {
    throw position;
  };
  const space = () => {
    position = skipSpace(text, position);
  };
  const literal = (word: string) => {
    if (text.startsWith(word, position)) position += word.length;
    else fail();
  };
  const string = () => {
    if (text[position] !== '"') fail();
    position++;
    while (position < text.length && text[position] !== '"') {
      if (text.charCodeAt(position) < 0x20) fail();
      position += text[position] === '\\' ? 2 : 1;
    }
    if (position >= text.length) fail();
    position++;
  };
  const value = (): void => {
    space();
    const char = text[position];
    if (char === '{' || char === '[') {
      const close = char === '{' ? '}' : ']';
      position++;
      space();
      if (text[position] === close) {
        position++;
        return;
      }
      for (;;) {
        if (close === '}') {
          space();
          string();
          space();
          literal(':');
        }
        value();
        space();
        if (text[position] === ',') position++;
        else if (text[position] === close) {
          position++;
          return;
        } else fail();
      }
    }
    if (char === '"') return string();
    const number = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?/.exec(text.slice(position, position + 400));
    if (number) position += number[0].length;
    else if (char === 't') literal('true');
    else if (char === 'f') literal('false');
    else if (char === 'n') literal('null');
    else fail();
  };
  try {
    value();
    space();
    if (position < text.length) fail();
  } catch (offset) {
    if (typeof offset === 'number') return offset;
    throw offset;
  }
  return position;
}
