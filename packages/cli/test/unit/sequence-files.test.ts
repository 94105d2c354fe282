import { PassThrough } from 'node:stream';
import { describe, expect, it } from 'vitest';
import { confirm } from '../../src/io/confirm.js';
import { formatFieldPath, parseFieldPath } from '../../src/sequence-files/field-path.js';
import { jsonErrorOffset, lineAt, locateInJson } from '../../src/sequence-files/locate-json.js';

describe('field paths as the server writes them', () => {
  it('read into segments and back', () => {
    expect(parseFieldPath('slotSequences[3].delivery[0].cadence')).toEqual(['slotSequences', 3, 'delivery', 0, 'cadence']);
    expect(parseFieldPath('parameters["a key"].path')).toEqual(['parameters', 'a key', 'path']);
    expect(formatFieldPath(['delivery', 0, 'cadence'])).toBe('delivery[0].cadence');
    expect(formatFieldPath(['parameters', 'a.b'])).toBe('parameters["a.b"]');
  });
});

describe('lines in JSON', () => {
  const text = '{\n  "a": [\n    1,\n    {"b": "x\\"y", "c": [true]}\n  ],\n  "d": null\n}';
  it('finds the line of a value, or of the deepest part of the path that exists', () => {
    expect(JSON.parse(text)).toBeTruthy();
    expect(lineAt(text, locateInJson(text, ['a', 1, 'c', 0]))).toBe(4);
    expect(lineAt(text, locateInJson(text, ['d']))).toBe(6);
    expect(lineAt(text, locateInJson(text, ['a', 0]))).toBe(3);
    expect(lineAt(text, locateInJson(text, ['a', 7, 'zz']))).toBe(2);
    expect(lineAt(text, locateInJson(text, ['missing']))).toBe(1);
  });

  it('finds where invalid JSON stops being valid', () => {
    for (const [broken, line] of [['[\n 1,\n oops\n]', 3], ['{\n"a": 1,\n}', 3], ['{"a": "unterminated\n', 1], ['[1]\n\n2', 3], ['{\n  "a" 1\n}', 2]] as const) {
      expect(() => JSON.parse(broken)).toThrow();
      expect(lineAt(broken, jsonErrorOffset(broken)), broken).toBe(line);
    }
  });
});

describe('confirm', () => {
  it('takes y or yes as yes, anything else (or no answer) as no', async () => {
    for (const [answer, expected] of [['y\n', true], ['YES\n', true], ['n\n', false], ['yess\n', false], ['', false]] as const) {
      const stdin = new PassThrough();
      const prompts: string[] = [];
      const asked = confirm(stdin as unknown as NodeJS.ReadStream, (text) => prompts.push(text), 'Apply?');
      stdin.end(answer);
      expect(await asked).toBe(expected);
      expect(prompts).toEqual(['Apply? [y/N] ']);
    }
  });
});
