/**
 * Slot sequences: found by name, read by id (with their parameters), imported and exported in
 * the export format. Behind LucoApi's slot-sequence methods; `Slots` uses it to check a sequence
 * before creating a slot.
 */
import { NotFoundError, SlotSequenceNotFoundError, ValidationError } from '../core/errors.js';
import type { HttpClient } from '../core/http-client.js';
import type { RequestOptions } from '../core/request-options.js';
import { describe, id, wireJson } from '../core/validate.js';
import type { ExportOptions, ImportBody, ImportOptions, ImportResponse, ImportResult } from '../types/import-export.js';
import type {
  SlotSequenceConfig,
  SlotSequenceDefinitionEntry,
  SlotSequenceNameInput,
  SlotSequenceResponse,
  SlotSequenceSearchResponse,
} from '../types/slot-sequence.js';
import { flattenParameters, pickParameters } from './parameters.js';
import { definitionQueryValues, flattenName, formatName, toDefinition } from './slot-sequence-name.js';

/** The items of an import (or a plan) as a checked list: objects the wire can carry. */
export function importItems(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: { allowEmpty?: boolean } = {}): SlotSequenceConfig[] {
  const list = Array.isArray(slotSequences) ? [...slotSequences] : [slotSequences as SlotSequenceConfig];
  if (list.length === 0 && options.allowEmpty !== true) throw new ValidationError('slotSequences', 'must hold at least one slot sequence');
  list.forEach((item, index) => {
    if (item === null || typeof item !== 'object' || Array.isArray(item)) {
      throw new ValidationError(`slotSequences[${index}]`, `must be an object, got ${describe(item)}`);
    }
    // Sent as `{ ..., slotSequences: [item, ...] }`: each item starts two levels down.
    wireJson(`slotSequences[${index}]`, item, 2);
  });
  return list;
}

export class SlotSequences {
  readonly #http: HttpClient;

  constructor(http: HttpClient) {
    this.#http = http;
  }

  /** Imports (creates, updates, archives) slot sequences in the export format. */
  async submit(slotSequences: SlotSequenceConfig | readonly SlotSequenceConfig[], options: ImportOptions & RequestOptions = {}): Promise<ImportResult> {
    const list = importItems(slotSequences);
    const body: ImportBody = {
      allowOverwrites: options.allowOverwrites ?? false,
      allowArchiving: options.allowArchiving ?? false,
      ignoreDeliveryConfig: options.ignoreDeliveryConfig ?? false,
      slotSequences: list,
    };
    const { data } = await this.#http.request<ImportResponse>({ method: 'POST', path: '/v2/slotsequences/import', body, options });
    return {
      counts: {
        created: data?.createdCount ?? 0,
        exists: data?.existsCount ?? 0,
        notProcessed: data?.notProcessedCount ?? 0,
        updated: data?.updatedCount ?? 0,
        notUpdated: data?.notUpdatedCount ?? 0,
        archived: data?.archivedCount ?? 0,
      },
      imports: (data?.slotSequenceImports ?? []).map(({ slotSequenceDefinition, ...rest }) => ({
        ...rest,
        name: flattenName(slotSequenceDefinition),
      })),
    };
  }

  /** Slot sequences in the import format, by ids and/or names; all of them when neither is given. */
  async exportConfigs(options: ExportOptions & RequestOptions = {}): Promise<SlotSequenceConfig[]> {
    const ids = (options.ids ?? []).map((value, index) => id(`ids[${index}]`, value));
    for (const [index, name] of (options.names ?? []).entries()) {
      ids.push(await this.findId(name, { ...options, active: options.active ?? true, field: `names[${index}]` }));
    }
    const { data } = await this.#http.request<SlotSequenceConfig[]>({
      method: 'GET',
      path: '/v2/slotsequences/export',
      query: { slotSequenceId: ids.length > 0 ? [...new Set(ids)] : undefined },
      options,
    });
    return Array.isArray(data) ? data : [];
  }

  /** The id of the slot sequence with this name (active ones by default). */
  async findId(slotSequence: SlotSequenceNameInput, options: RequestOptions & { active?: boolean | undefined; field?: string | undefined } = {}): Promise<number> {
    const definition = toDefinition(slotSequence, options.field ?? 'slotSequence');
    const found = await this.search(definition, options.active ?? true, options);
    if (found === undefined) throw new SlotSequenceNotFoundError(formatName(definition));
    return found;
  }

  /** The id of the sequence with this definition, or undefined when there is none. */
  async search(definition: SlotSequenceDefinitionEntry[], active: boolean, options: RequestOptions): Promise<number | undefined> {
    try {
      const { data } = await this.#http.request<SlotSequenceSearchResponse>({
        method: 'GET',
        path: '/slotsequences/search/',
        query: { isActive: active, SlotSequenceDefinition: definitionQueryValues(definition) },
        options,
      });
      return typeof data?.slotSequenceId === 'number' && data.slotSequenceId > 0 ? data.slotSequenceId : undefined;
    } catch (error) {
      if (error instanceof NotFoundError) return undefined;
      throw error;
    }
  }

  /** A slot sequence by id, with its parameters. */
  async get(slotSequenceId: number, options: RequestOptions = {}): Promise<SlotSequenceResponse> {
    id('slotSequenceId', slotSequenceId);
    const { data } = await this.#http.request<SlotSequenceResponse>({ method: 'GET', path: `/v2/slotsequences/${slotSequenceId}`, options });
    return data;
  }

  /** A sequence's parameters by its name: all groups, one group, or one value (undefined when absent). */
  async parameters(slotSequence: SlotSequenceNameInput, group: string | undefined, key: string | undefined, options: RequestOptions): Promise<unknown> {
    if (key !== undefined && group === undefined) throw new ValidationError('group', 'is required when key is given');
    const sequenceId = await this.findId(slotSequence, options);
    const sequence = await this.get(sequenceId, options);
    return pickParameters(flattenParameters(sequence.parameters?.slotParameterGroups), group, key);
  }
}
