/**
 * Parses JSON and the Python dict repr LucoPy puts in query strings (`{'position': 0, 'key':
 * 'Client', 'value': 'Acme'}`): single- or double-quoted strings, True/False/None. Like the
 * Newtonsoft parser the hosted Luco server uses, it accepts both; anything else is an error
 * with the offset where it went wrong.
 */

import { MAX_JSON_DEPTH } from './limits.js';

export class LenientJsonError extends Error {}

export function parseLenientJson(text: string): unknown {
  const parser = new Parser(text);
  const value = parser.value();
  parser.skipSpace();
  if (!parser.done()) parser.fail('unexpected text after the value');
  return value;
}

const LITERALS: Record<string, unknown> = { true: true, false: false, null: null, True: true, False: false, None: null };
const NUMBER = /-?\d+(\.\d+)?([eE][+-]?\d+)?/y;
const WORD = /[A-Za-z]+/y;

class Parser {
  private index = 0;
  /** Open objects and arrays: the parser recurses, so nesting is bounded as for JSON bodies. */
  private depth = 0;

  constructor(private readonly text: string) {}

  done(): boolean {
    return this.index >= this.text.length;
  }

  fail(problem: string): never {
    throw new LenientJsonError(`${problem} at character ${this.index + 1}`);
  }

  skipSpace(): void {
    while (!this.done() && /\s/.test(this.text[this.index]!)) this.index++;
  }

  value(): unknown {
    this.skipSpace();
    const char = this.text[this.index];
    if (char === undefined) this.fail('unexpected end');
    if (char === '{' || char === '[') {
      if (++this.depth > MAX_JSON_DEPTH) this.fail(`nested more than ${MAX_JSON_DEPTH} levels deep`);
      const value = char === '{' ? this.object() : this.array();
      this.depth--;
      return value;
    }
    if (char === '"' || char === "'") return this.string();
    if (char === '-' || (char >= '0' && char <= '9')) return this.number();
    return this.literal();
  }

  private object(): Record<string, unknown> {
    const out: Record<string, unknown> = {};
    this.index++;
    this.skipSpace();
    if (this.text[this.index] === '}') {
      this.index++;
      return out;
    }
    for (;;) {
      this.skipSpace();
      const quote = this.text[this.index];
      if (quote !== '"' && quote !== "'") this.fail('expected a quoted key');
      const key = this.string();
      this.skipSpace();
      if (this.text[this.index] !== ':') this.fail('expected ":"');
      this.index++;
      out[key] = this.value();
      this.skipSpace();
      const next = this.text[this.index++];
      if (next === '}') return out;
      if (next !== ',') this.fail('expected "," or "}"');
    }
  }

  private array(): unknown[] {
    const out: unknown[] = [];
    this.index++;
    this.skipSpace();
    if (this.text[this.index] === ']') {
      this.index++;
      return out;
    }
    for (;;) {
      out.push(this.value());
      this.skipSpace();
      const next = this.text[this.index++];
      if (next === ']') return out;
      if (next !== ',') this.fail('expected "," or "]"');
    }
  }

  private string(): string {
    const quote = this.text[this.index++];
    let out = '';
    while (!this.done()) {
      const char = this.text[this.index++]!;
      if (char === quote) return out;
      if (char !== '\\') {
        out += char;
        continue;
      }
      const escaped = this.text[this.index++];
      switch (escaped) {
        case 'n': out += '\n'; break;
        case 't': out += '\t'; break;
        case 'r': out += '\r'; break;
        case 'b': out += '\b'; break;
        case 'f': out += '\f'; break;
        case 'u': {
          const hex = this.text.slice(this.index, this.index + 4);
          if (!/^[0-9a-fA-F]{4}$/.test(hex)) this.fail('bad \\u escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.index += 4;
          break;
        }
        case 'x': {
          // Python's repr writes some control characters as \xNN.
          const hex = this.text.slice(this.index, this.index + 2);
          if (!/^[0-9a-fA-F]{2}$/.test(hex)) this.fail('bad \\x escape');
          out += String.fromCharCode(parseInt(hex, 16));
          this.index += 2;
          break;
        }
        case undefined: this.fail('unterminated string');
        default: out += escaped;
      }
    }
    this.fail('unterminated string');
  }

  private number(): number {
    const match = this.matchHere(NUMBER);
    if (!match) this.fail('bad number');
    this.index += match.length;
    return Number(match);
  }

  private literal(): unknown {
    const match = this.matchHere(WORD);
    // Own keys only: `constructor` or `toString` are not literals.
    if (!match || !Object.hasOwn(LITERALS, match)) this.fail('unexpected token');
    this.index += match.length;
    return LITERALS[match];
  }

  /** A sticky match at the current index, without copying the rest of the text each time. */
  private matchHere(pattern: RegExp): string | undefined {
    pattern.lastIndex = this.index;
    return pattern.exec(this.text)?.[0];
  }
}
