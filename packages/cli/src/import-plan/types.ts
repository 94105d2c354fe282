/**
 * A client-side model of the server's slot sequence import (docs/domain.md, "Import and export"),
 * for `luco sequences import --dry-run`: read the file's items the way the server reads them,
 * compare each with the exported sequence of the same name, and say what an import would do.
 */

export interface NamePart {
  key: string;
  value: string;
}

export interface ParameterGroup {
  slotParameterGroupName: string;
  slotParameters: Array<{ key: string; value: string }>;
}

/** A schedule in its canonical form (fixed key order), so equal schedules print the same JSON. */
export type Schedule = Record<string, unknown> & { isActive: boolean };

/** An item once read and normalised, as the server stores it. */
export interface SequenceConfig {
  name: NamePart[];
  type: string | null;
  isActive: boolean;
  parameters: ParameterGroup[];
  delivery: Schedule[];
}

export interface FieldError {
  field: string;
  message: string;
}

export type ImportOutcome = 'Created' | 'Exists' | 'Updated' | 'NotUpdated' | 'Archived' | 'NotProcessed';

export interface ImportFlags {
  allowOverwrites: boolean;
  allowArchiving: boolean;
  ignoreDeliveryConfig: boolean;
}

/** The unique key a name is stored under: its parts in order. */
export function nameKey(name: readonly NamePart[]): string {
  return JSON.stringify(name.map((part) => [part.key, part.value]));
}

export function isPlainObject(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}
