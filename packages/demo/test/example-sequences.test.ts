import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, describe, expect, it } from 'vitest';
import { EXAMPLE_SEQUENCES_FILE, readExampleSequences } from '../src/example-sequences.js';

const folder = mkdtempSync(join(tmpdir(), 'lucots-demo-examples-'));
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the quick starts\' sequences', () => {
  it('come from examples/sequences.json, and include client=acme, feed=sales', () => {
    expect(EXAMPLE_SEQUENCES_FILE.endsWith(join('examples', 'sequences.json'))).toBe(true);
    expect(existsSync(EXAMPLE_SEQUENCES_FILE)).toBe(true);
    expect(readExampleSequences().map((item) => item.name)).toContainEqual({ client: 'acme', feed: 'sales' });
  });

  it('take the forms luco sequences import takes, and name the file when it holds none', () => {
    const file = join(folder, 'sequences.json');
    const item = { name: { client: 'acme', feed: 'x' }, type: 'feed' };
    for (const form of [[item], item, { slotSequences: [item] }]) {
      writeFileSync(file, JSON.stringify(form));
      expect(readExampleSequences(file)).toEqual([item]);
    }
    writeFileSync(file, '[]');
    expect(() => readExampleSequences(file)).toThrow(`${file} must hold slot sequences`);
    writeFileSync(file, '[{');
    expect(() => readExampleSequences(file)).toThrow(`could not read the example sequences in ${file}`);
  });
});
