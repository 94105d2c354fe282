import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { instantToLocalDate } from '../../domain/schedule/index.js';
import { activeSchedule, type SlotSequence } from '../../domain/slot-sequence.js';
import { conflict, notFound } from '../../errors.js';
import { SlotRepository, type Slot } from '../../storage/repositories/slots.js';
import { InputError, type FieldProblem } from '../../wire/input-error.js';
import { formatName } from '../../wire/names.js';
import { isTooFarAhead, MAX_DAYS_AHEAD } from '../materialization/window.js';
import { SlotMaterializer } from '../materialization/slot-materializer.js';
import { resolveSlotSequence } from '../slot-sequences/resolve.js';
import { scheduledDateOf } from './tags.js';
import { toSlotView, type SlotView } from './views.js';

export interface CreateSlotInput {
  tag?: string | undefined;
  Tag?: string | undefined;
  slotSequenceDefinition?: unknown[] | undefined;
  SlotSequenceDefinition?: unknown[] | undefined;
}

/**
 * Finding a slot by tag, and creating slots of unscheduled sequences. A scheduled sequence's
 * slots come only from its delivery schedule: a date it expects gets its slot (created on first
 * use), any other tag does not exist.
 */
export class SlotLookupService {
  readonly #slots: SlotRepository;
  readonly #materializer: SlotMaterializer;

  constructor(private readonly ctx: AppContext) {
    this.#slots = new SlotRepository(ctx.db);
    this.#materializer = new SlotMaterializer(ctx.db, ctx.now);
  }

  async search(tag: string, definition: readonly unknown[]): Promise<SlotView> {
    const sequence = await resolveSlotSequence(this.ctx.db, definition, 'SlotSequenceDefinition', 'unknown');
    const slot = await this.locate(sequence, tag);
    if (!slot) {
      throw notFound(`No slot is tagged ${JSON.stringify(tag)} in the unscheduled slot sequence ${formatName(sequence.name)}; POST /slots/ creates it`, { reason: 'slot-not-found' });
    }
    return toSlotView(slot, this.ctx.now());
  }

  /**
   * The slot tagged `tag` in `sequence`: an existing one, or for a scheduled sequence the slot of a
   * date its schedule expects (created on first use); undefined when an unscheduled sequence has
   * no slot with the tag yet. A tag the schedule does not expect, or too far ahead, is a 404.
   */
  async locate(sequence: SlotSequence, tag: string): Promise<Slot | undefined> {
    // A slot that exists is found by its exact tag, even one an earlier schedule expected.
    const existing = await this.#slots.findByTag(sequence.id, tag);
    if (existing) return existing;
    const name = formatName(sequence.name);
    const schedule = activeSchedule(sequence);
    if (!schedule) return undefined;
    const date = scheduledDateOf(tag);
    if (date !== undefined && isTooFarAhead(date, instantToLocalDate(this.ctx.now(), schedule.timeZone))) {
      throw notFound(`The tag ${JSON.stringify(tag)} of ${name} is more than ${MAX_DAYS_AHEAD} days ahead; slots are made for dates up to ${MAX_DAYS_AHEAD} days from today`, {
        reason: 'tag-too-far-ahead',
      });
    }
    // A tag written as its date was looked up just above: the same read again would find nothing more.
    let slot = date === undefined || date === tag ? undefined : await this.#slots.findByTag(sequence.id, date);
    if (!slot && date !== undefined) slot = await this.#materializer.ensureScheduledSlot(sequence, date);
    if (!slot) {
      throw notFound(
        `The delivery schedule of ${name} (${schedule.cadence}, from ${schedule.startDate}${schedule.endDate ? ` to ${schedule.endDate}` : ''}) does not expect the tag ${JSON.stringify(tag)}: tags of a scheduled sequence are the dates it expects (YYYY-MM-DD)`,
        { reason: 'tag-not-scheduled' },
      );
    }
    return slot;
  }

  /** 201 (created) or 200 (the tag existed): concurrent creators of one tag get one slot. */
  async create(trx: Kysely<Database>, input: CreateSlotInput): Promise<{ slot: SlotView; created: boolean }> {
    const tag = pickEither(input.tag, input.Tag, 'tag', 'Tag');
    const entries = pickEither(input.slotSequenceDefinition, input.SlotSequenceDefinition, 'slotSequenceDefinition', 'SlotSequenceDefinition');
    const problems: FieldProblem[] = [];
    if (tag.value === undefined) problems.push({ field: 'tag', message: 'is required' });
    else if (tag.value.trim() === '') problems.push({ field: tag.field, message: 'must not be blank' });
    if (entries.value === undefined) problems.push({ field: 'slotSequenceDefinition', message: 'is required: the slot sequence name as [{position, key, value}]' });
    if (problems.length > 0) throw new InputError(problems);
    const sequence = await resolveSlotSequence(trx, entries.value!, entries.field, 'conflict');
    const schedule = activeSchedule(sequence);
    if (schedule) {
      throw conflict(
        `The slot sequence ${formatName(sequence.name)} is scheduled (${schedule.cadence}): its slots come from its delivery schedule, not from POST /slots/; find a slot with GET /slots/search/ and a date the schedule expects`,
        { reason: 'slot-sequence-scheduled' },
      );
    }
    const { slot, created } = await new SlotRepository(trx).insertUnscheduled(sequence.id, tag.value!, this.ctx.now());
    return { slot: toSlotView(slot, this.ctx.now()), created };
  }
}

/** A body field accepted in two casings; both given and different is a 400. */
function pickEither<T>(camel: T | undefined, pascal: T | undefined, camelName: string, pascalName: string): { value: T | undefined; field: string } {
  if (camel !== undefined && pascal !== undefined && JSON.stringify(camel) !== JSON.stringify(pascal)) {
    throw InputError.of(pascalName, `conflicts with ${camelName}: give one of them`);
  }
  return camel !== undefined ? { value: camel, field: camelName } : { value: pascal, field: pascal !== undefined ? pascalName : camelName };
}
