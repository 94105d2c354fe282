import type { SlotSequenceConfig } from '@lucots/sdk';
import { stringify } from 'yaml';

/**
 * Exported sequences as one YAML document, a list in the import format, for files kept in git:
 * without the server's ids (a sequence is matched by its name; a copied file must not carry
 * another sequence's id), the name as its ordered list of parts (a map would reorder keys that
 * look like numbers). Strings that YAML would read as something else are quoted.
 */
export function sequencesYaml(sequences: readonly SlotSequenceConfig[]): string {
  const items = sequences.map(({ slotSequenceId: _id, ...item }) => item);
  return stringify(items, { lineWidth: 0 });
}
