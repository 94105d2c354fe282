import { createHash } from 'node:crypto';
import type { Kysely } from 'kysely';
import { parseSlotSequenceConfig } from '../../domain/slot-sequence-config.js';
import type { SlotSequence } from '../../domain/slot-sequence.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import type { Database } from '../../storage/schema.js';
import type { NamePart } from '../../wire/names.js';
import type { ImportFlags } from './import-rules.js';

/** What a plan is asked: the items and flags, and the scope to prune. */
export interface PlanRequest {
  items: readonly unknown[];
  flags: ImportFlags;
  prune: NamePart[] | undefined;
}

/**
 * A plan's fingerprint: a SHA-256 of the request and of the stored state every outcome of it
 * depends on: the sequence (or its absence) of each name the items carry, and the active
 * sequences in the prune scope. Same fingerprint, same outcomes; anything that could change an
 * outcome changes it. Read in the caller's transaction.
 */
export async function planFingerprint(trx: Kysely<Database>, request: PlanRequest): Promise<string> {
  const repository = new SlotSequenceRepository(trx);
  const names: NamePart[][] = [];
  for (const item of request.items) {
    const name = parseSlotSequenceConfig(item, '').name;
    if (name) names.push(name);
  }
  // A name with no stored sequence counts too: the request holds it, and creating it changes `named`.
  const named = await repository.findByNames(names);
  const inScope = request.prune ? await repository.findActiveInScope(request.prune) : [];
  const hash = createHash('sha256');
  hash.update(JSON.stringify({ flags: request.flags, prune: request.prune ?? null, items: request.items }));
  for (const sequence of [...named, ...inScope]) hash.update(`\n${JSON.stringify(stateOf(sequence))}`);
  return hash.digest('hex');
}

/** Everything an import compares or writes, and the id (a sequence deleted and re-created is another). */
function stateOf(sequence: SlotSequence): unknown {
  return [sequence.id, sequence.name, sequence.type, sequence.isActive, sequence.parameters, sequence.delivery];
}
