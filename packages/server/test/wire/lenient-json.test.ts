import { describe, expect, it } from 'vitest';
import { LenientJsonError, parseLenientJson } from '../../src/wire/lenient-json.js';
import { MAX_JSON_DEPTH } from '../../src/wire/limits.js';

describe('parseLenientJson on hostile query values', () => {
  it('reads JSON and Python reprs alike', () => {
    expect(parseLenientJson(`{'position': 0, 'key': 'Client', 'value': True}`)).toEqual({ position: 0, key: 'Client', value: true });
    expect(parseLenientJson('[1, -2.5e3, None, "a"]')).toEqual([1, -2500, null, 'a']);
  });

  it('takes only its own literals: words such as constructor or toString are errors, not functions', () => {
    for (const word of ['constructor', 'toString', 'hasOwnProperty', 'valueOf']) {
      expect(() => parseLenientJson(`{"key": "k", "value": ${word}}`)).toThrow(LenientJsonError);
    }
  });

  it(`nests at most ${MAX_JSON_DEPTH} levels, so deep input is an error rather than a stack overflow`, () => {
    const nested = (levels: number) => `${'['.repeat(levels)}${']'.repeat(levels)}`;
    expect(() => parseLenientJson(nested(MAX_JSON_DEPTH))).not.toThrow();
    expect(() => parseLenientJson(nested(MAX_JSON_DEPTH + 1))).toThrow(/nested more than 64 levels deep/);
    expect(() => parseLenientJson(nested(200_000))).toThrow(LenientJsonError);
  });

  it('reads long lists of numbers and words', () => {
    const count = 50_000;
    const numbers = parseLenientJson(`[${Array.from({ length: count }, (_, i) => i).join(',')}]`) as number[];
    expect(numbers).toHaveLength(count);
    expect(numbers.at(-1)).toBe(count - 1);
    expect((parseLenientJson(`[${Array(count).fill('None').join(',')}]`) as unknown[]).every((value) => value === null)).toBe(true);
  });
});
