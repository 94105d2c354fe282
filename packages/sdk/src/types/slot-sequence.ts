/** Slot sequence names and definitions, as callers give them and as the wire carries them. */

export type NameValue = string | number | boolean;

/**
 * A slot sequence name as a caller gives it: an object whose insertion order is the order of the
 * name parts (`{ client: 'acme', feed: 'sales' }`), or LucoPy's list of one-key objects
 * (`[{ client: 'acme' }, { feed: 'sales' }]`), or a list of `[key, value]` pairs.
 */
export type SlotSequenceNameInput =
  | Readonly<Record<string, NameValue>>
  | ReadonlyArray<Readonly<Record<string, NameValue>>>
  | ReadonlyArray<readonly [string, NameValue]>;

/** One name part on the wire (`SlotSequenceDefinition` query values, `slotSequenceDefinition` bodies). */
export interface SlotSequenceDefinitionEntry {
  position: number;
  key: string;
  value: string;
}

/** One name part as the server returns it. */
export interface SlotParameterEntry {
  slotParameter: { key: string; value: string };
  position?: number;
}

/** A name flattened to `{ key: value }`, in name order. */
export type SlotSequenceName = Record<string, string>;

export interface SlotParameter {
  key: string;
  value: string;
}

export interface SlotParameterGroup {
  slotParameterGroupName: string;
  slotParameters: SlotParameter[];
}

/** A sequence's parameters flattened to `{ group: { key: value } }`. */
export type SlotSequenceParameters = Record<string, Record<string, string>>;

/** A delivery schedule; only `isActive` is fixed by the protocol, the rest is the server's. */
export interface DeliverySchedule {
  isActive: boolean;
  [field: string]: unknown;
}

/** GET /v2/slotsequences/{id}: a slot sequence with its parameters (and schedule, where sent). */
export interface SlotSequenceResponse {
  slotSequenceId: number;
  definition?: {
    name?: SlotParameterEntry[];
    type?: { slotSequenceTypeName?: string; [field: string]: unknown };
    [field: string]: unknown;
  };
  parameters?: { slotParameterGroups?: SlotParameterGroup[] };
  delivery?: DeliverySchedule[];
  isActive?: boolean;
  [field: string]: unknown;
}

/** GET /slotsequences/search/ */
export interface SlotSequenceSearchResponse {
  slotSequenceId: number | null;
  [field: string]: unknown;
}

/**
 * One slot sequence in the import/export format. The protocol passes it through untouched, so
 * the SDK does not constrain it; see the server's OpenAPI document for the fields it defines.
 */
export type SlotSequenceConfig = Record<string, unknown>;
