import type { Kysely } from 'kysely';
import type { DeliverySchedule } from '../../src/domain/schedule/index.js';
import { nameKey } from '../../src/wire/names.js';
import type { Database } from '../../src/storage/schema.js';
import type { AuthSettings } from '../../src/plugins/auth.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { pyRepr, quotePlus } from '../support/lucopy-wire.js';

/**
 * Helpers shared by the slot and submission tests: a test app, slot sequences inserted
 * directly, and LucoPy's query encoding.
 */

export type NamePairs = ReadonlyArray<readonly [string, string]>;

export const DAILY_LONDON: DeliverySchedule = {
  isActive: true,
  cadence: 'daily',
  expectedBy: '09:00',
  timeZone: 'Europe/London',
  startDate: '2026-11-01',
  endDate: null,
};

/** The test app; on the PostgreSQL run, a fresh PostgreSQL database (see support/test-database.ts). */
export function startApp(options: { now?: number; auth?: AuthSettings } = {}): Promise<TestApp> {
  return createTestApp(options);
}

/** Inserts a slot sequence (and its name parts) as the import would leave it; returns its id. */
export async function insertSequence(
  db: Kysely<Database>,
  options: { name: NamePairs; type?: string | null; delivery?: DeliverySchedule[]; isActive?: boolean; parameters?: unknown[]; now?: number },
): Promise<number> {
  const parts = options.name.map(([key, value]) => ({ key, value }));
  const active = (options.delivery ?? []).find((schedule) => schedule.isActive);
  const now = options.now ?? Date.parse('2026-11-01T00:00:00Z');
  const row = await db
    .insertInto('slot_sequences')
    .values({
      name_key: nameKey(parts),
      type: options.type === undefined ? 'Sales' : options.type,
      is_active: options.isActive === false ? 0 : 1,
      parameters_json: JSON.stringify(options.parameters ?? []),
      delivery_json: JSON.stringify(options.delivery ?? []),
      cadence: active?.cadence ?? null,
      materialized_through: null,
      created_on: now,
      updated_on: now,
    })
    .returning('id')
    .executeTakeFirstOrThrow();
  await db
    .insertInto('slot_sequence_name_parts')
    .values(parts.map((part, position) => ({ slot_sequence_id: row.id, position, key: part.key, value: part.value })))
    .execute();
  return row.id;
}

/** `SlotSequenceDefinition` values as strict JSON (what the TypeScript SDK sends). */
export function jsonDefinition(name: NamePairs): string[] {
  return name.map(([key, value], position) => JSON.stringify({ position, key, value }));
}

/** `SlotSequenceDefinition` values as LucoPy sends them: str() of a Python dict. */
export function pyDefinition(name: NamePairs): string[] {
  return name.map(([key, value], position) => pyRepr({ position, key, value }));
}

export { pyRepr };

/**
 * A query string as Python's `urlencode(params, doseq=True)` writes it: lists become repeated
 * keys, spaces `+`, everything but letters, digits and `_.-~` percent-encoded.
 */
export function pyQuery(params: Record<string, string | number | boolean | null | ReadonlyArray<string | number | boolean>>): string {
  const text = (value: string | number | boolean | null) => (value === null ? 'None' : typeof value === 'boolean' ? (value ? 'True' : 'False') : String(value));
  return Object.entries(params)
    .flatMap(([key, value]) => (Array.isArray(value) ? value.map((item) => `${quotePlus(key)}=${quotePlus(text(item))}`) : [`${quotePlus(key)}=${quotePlus(text(value as string))}`]))
    .join('&');
}

/** POST as LucoPy does: JSON with the json-patch content type. */
export function lucoPyJson(body: unknown): { payload: string; headers: Record<string, string> } {
  return { payload: JSON.stringify(body), headers: { 'content-type': 'application/json-patch+json' } };
}

/** Moves the clock of a test app to an ISO instant. */
export function setClock(t: TestApp, iso: string): void {
  t.clock.now = Date.parse(iso);
}
