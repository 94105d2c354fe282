import { sql, type RawBuilder } from 'kysely';

/** SQL pieces the two overview repositories share. Raw fragments refer to unaliased tables. */

/** Inclusive bounds; either may be absent. */
export interface Range {
  min?: number | undefined;
  max?: number | undefined;
}

export interface NameValuesFilter {
  values: string[];
  operator: 'and' | 'or';
}

/**
 * The sequence (`slot_sequences.id`) has a name part whose value is one of the values (`or`), or
 * has every value (`and`). Exact, case-sensitive matches, served by the index on value.
 */
export function nameValuesCondition(filter: NameValuesFilter): RawBuilder<boolean> {
  const hasAny = (values: readonly string[]) =>
    sql<boolean>`exists (select 1 from slot_sequence_name_parts as np where np.slot_sequence_id = slot_sequences.id and np.value in (${sql.join(values)}))`;
  if (filter.operator === 'or') return hasAny(filter.values);
  return sql<boolean>`(${sql.join([...new Set(filter.values)].map((value) => hasAny([value])), sql` and `)})`;
}

/** `column in (values)` where a null value matches a null column (used for cadence `unscheduled`). */
export function inOrNull(column: RawBuilder<unknown>, values: ReadonlyArray<string | null>): RawBuilder<boolean> {
  const present = values.filter((value): value is string => value !== null);
  const parts: Array<RawBuilder<boolean>> = [];
  if (present.length > 0) parts.push(sql<boolean>`${column} in (${sql.join(present)})`);
  if (present.length < values.length) parts.push(sql<boolean>`${column} is null`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/** Order keys for `expression` in `direction`, nulls last either way (SQLite and PostgreSQL disagree by default). */
export function orderKeys(expression: RawBuilder<unknown>, direction: 'asc' | 'desc', nullable: boolean): Array<RawBuilder<unknown>> {
  const keys: Array<RawBuilder<unknown>> = [];
  if (nullable) keys.push(sql`case when ${expression} is null then 1 else 0 end`);
  keys.push(direction === 'desc' ? sql`${expression} desc` : sql`${expression} asc`);
  return keys;
}

/** `expression` within the range (inclusive); no bound, no condition. */
export function whereRange<Q extends { where(expression: RawBuilder<boolean>): Q }>(query: Q, expression: RawBuilder<unknown>, range: Range | undefined): Q {
  let out = query;
  if (range?.min !== undefined) out = out.where(sql<boolean>`${expression} >= ${range.min}`);
  if (range?.max !== undefined) out = out.where(sql<boolean>`${expression} <= ${range.max}`);
  return out;
}
