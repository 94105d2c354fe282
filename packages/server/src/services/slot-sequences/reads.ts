import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { toConfigItem, type SlotSequenceConfigItem } from '../../domain/slot-sequence-config.js';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { formatName, type NamePart } from '../../wire/names.js';
import { upcomingSlot } from './upcoming.js';

export interface SlotSequenceDetails {
  sequence: SlotSequence;
  /** Cadence of the active schedule; null when unscheduled. */
  cadence: string | null;
  /** Date of the next expected slot (after now), or null. */
  nextExpectedSlot: string | null;
}

/** Finding, reading and exporting slot sequences. */
export class SlotSequenceReadService {
  readonly #sequences: SlotSequenceRepository;

  constructor(private readonly ctx: AppContext) {
    this.#sequences = new SlotSequenceRepository(ctx.db);
  }

  async search(name: NamePart[], isActive: boolean): Promise<SlotSequence> {
    const sequence = await this.#sequences.findByName(name, { active: isActive });
    if (!sequence) throw notFound(`No ${isActive ? 'active' : 'archived'} slot sequence is named ${formatName(name)}`);
    return sequence;
  }

  async get(id: number): Promise<SlotSequenceDetails> {
    const sequence = await this.#sequences.findById(id);
    if (!sequence) throw notFound(`Slot sequence ${id} does not exist`);
    return {
      sequence,
      cadence: activeSchedule(sequence)?.cadence ?? null,
      nextExpectedSlot: upcomingSlot(sequence, this.ctx.now())?.tag ?? null,
    };
  }

  /** The given sequences (all of them when none is given), by id, in the config format. */
  async export(ids: readonly number[]): Promise<SlotSequenceConfigItem[]> {
    const wanted = [...new Set(ids)];
    const sequences = wanted.length === 0 ? await this.#sequences.findAll() : await this.#sequences.findByIds(wanted);
    const found = new Set(sequences.map((sequence) => sequence.id));
    const missing = wanted.filter((id) => !found.has(id));
    if (missing.length > 0) {
      throw notFound(`${missing.length === 1 ? 'Slot sequence' : 'Slot sequences'} ${missing.join(', ')} ${missing.length === 1 ? 'does' : 'do'} not exist`, { slotSequenceIds: missing });
    }
    return sequences.map(toConfigItem);
  }
}
