import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import type { SlotSequenceConfig } from '@lucots/sdk';

/**
 * The sequences the READMEs' quick starts and examples use (`client=acme, feed=sales`), in the
 * file a newcomer imports with `luco sequences import`. The demo imports it too, so everything
 * the quick starts need is there after `npm start` (from src/ or dist/: ../../../examples).
 */
export const EXAMPLE_SEQUENCES_FILE = fileURLToPath(new URL('../../../examples/sequences.json', import.meta.url));

/** The file's sequences, in the import format (a list, one sequence, or `{ slotSequences: [...] }`). */
export function readExampleSequences(file = EXAMPLE_SEQUENCES_FILE): SlotSequenceConfig[] {
  let content: unknown;
  try {
    content = JSON.parse(readFileSync(file, 'utf8'));
  } catch (error) {
    throw new Error(`could not read the example sequences in ${file}: ${(error as Error).message}`);
  }
  const list = Array.isArray(content) ? content : isObject(content) && Array.isArray(content.slotSequences) ? content.slotSequences : [content];
  if (list.length === 0 || !list.every(isObject)) throw new Error(`${file} must hold slot sequences (JSON objects in the import format)`);
  return list;
}

function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
