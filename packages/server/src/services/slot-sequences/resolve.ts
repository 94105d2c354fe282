import type { Kysely } from 'kysely';
import type { SlotSequence } from '../../domain/slot-sequence.js';
import { conflict, notFound } from '../../errors.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import type { Database } from '../../storage/schema.js';
import { formatName, parseDefinitionEntries } from '../../wire/names.js';

/** What an archived sequence means to the caller. */
export type ArchivedHandling = 'unknown' | 'conflict' | 'allowed';

/**
 * Finds the sequence a request names with `SlotSequenceDefinition` entries: 400 for a malformed
 * definition, 404 for an unknown name; an archived sequence is a 404, a 409 or fine, as asked.
 */
export async function resolveSlotSequence(db: Kysely<Database>, entries: readonly unknown[], field: string, archived: ArchivedHandling): Promise<SlotSequence> {
  const name = parseDefinitionEntries(entries, field);
  const sequence = await new SlotSequenceRepository(db).findByName(name);
  if (!sequence) throw notFound(`Unknown slot sequence: no slot sequence is named ${formatName(name)}`, { reason: 'unknown-slot-sequence' });
  if (!sequence.isActive && archived === 'unknown') {
    throw notFound(`Unknown slot sequence: ${formatName(name)} is archived, so it has no active slot sequence`, { reason: 'unknown-slot-sequence' });
  }
  if (!sequence.isActive && archived === 'conflict') {
    throw conflict(`The slot sequence ${formatName(name)} is archived: it takes no new slots`, { reason: 'slot-sequence-archived' });
  }
  return sequence;
}
