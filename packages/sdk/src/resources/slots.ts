/**
 * Slots: the slot with a tag in a sequence, created for an unscheduled sequence when missing
 * (never off a scheduled sequence's schedule). Behind `LucoApi.findSlotId`.
 */
import { LucoError, NotFoundError, SlotNotFoundError, SlotSequenceNotFoundError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { dateOnly, nonEmptyString } from '../core/validate.js';
import type { SlotSequenceDefinitionEntry, SlotSequenceNameInput } from '../types/slot-sequence.js';
import type { SlotIdResponse } from '../types/submission.js';
import { definitionQueryValues, formatName, toDefinition } from './slot-sequence-name.js';
import type { SlotSequences } from './slot-sequences.js';

export interface FindSlotOptions extends RequestOptions {
  /**
   * When no slot has the tag, create one for an unscheduled sequence (default true, as LucoPy).
   * A scheduled sequence never gets a slot off its schedule this way.
   */
  createIfMissing?: boolean | undefined;
}

export class Slots {
  readonly #http: HttpClient;
  readonly #slotSequences: SlotSequences;

  constructor(http: HttpClient, slotSequences: SlotSequences) {
    this.#http = http;
    this.#slotSequences = slotSequences;
  }

  /** The id of the slot tagged `tag` in the sequence, created when missing for an unscheduled sequence. */
  async findId(tag: string | Date, slotSequence: SlotSequenceNameInput, options: FindSlotOptions = {}): Promise<number> {
    const tagText = formatTag(tag);
    const definition = toDefinition(slotSequence);
    try {
      const { data } = await this.#http.request<SlotIdResponse>({
        method: 'GET',
        path: '/slots/search/',
        query: { Tag: tagText, SlotSequenceDefinition: definitionQueryValues(definition) },
        options,
      });
      return slotIdFrom(data);
    } catch (error) {
      if (!(error instanceof NotFoundError)) throw error;
      if (options.createIfMissing === false) throw new SlotNotFoundError(tagText, formatName(definition), 'creation was turned off', { cause: error });
      await this.#ensureUnscheduled(tagText, definition, error, options);
      const { data } = await this.#http.request<SlotIdResponse>({
        method: 'POST',
        path: '/slots/',
        body: { tag: tagText, slotSequenceDefinition: definition },
        options,
      });
      return slotIdFrom(data);
    }
  }

  /**
   * Refuses to create a slot when the sequence does not exist or has an active schedule. LucoPy
   * never reads `delivery` from this answer (only from a submission's definition), so nothing
   * proves the hosted API sends it here: when it is absent (or not a list), the SDK does what
   * LucoPy does, asks for the slot, and leaves the decision to the server.
   */
  async #ensureUnscheduled(tag: string, definition: SlotSequenceDefinitionEntry[], notFound: NotFoundError, options: RequestOptions): Promise<void> {
    const name = formatName(definition);
    const sequenceId = await this.#slotSequences.search(definition, true, options);
    if (sequenceId === undefined) throw new SlotSequenceNotFoundError(name, { cause: notFound });
    const sequence: unknown = await this.#slotSequences.get(sequenceId, options);
    const delivery = sequence !== null && typeof sequence === 'object' ? (sequence as { delivery?: unknown }).delivery : undefined;
    if (!Array.isArray(delivery)) return;
    if (delivery.some((schedule: unknown) => schedule !== null && typeof schedule === 'object' && (schedule as { isActive?: unknown }).isActive === true)) {
      throw new SlotNotFoundError(tag, name, 'the sequence is scheduled, so its slots come from its delivery schedule', { cause: notFound });
    }
  }
}

/** A slot tag as sent: a date `YYYY-MM-DD` (a Date taken in UTC), or a non-empty text. */
export function formatTag(tag: string | Date): string {
  if (tag instanceof Date) return dateOnly('tag', tag);
  return nonEmptyString('tag', tag);
}

function slotIdFrom(data: SlotIdResponse | undefined): number {
  if (typeof data?.slotId !== 'number') throw new LucoError('The server did not return a slotId');
  return data.slotId;
}
