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
 * The sequence (`sequenceId`, e.g. `slots.slot_sequence_id`) has a name part whose value is one
 * of the values (`or`), or has every value (`and`). Exact, case-sensitive matches. Written as
 * `in (subquery)`, not a correlated `exists`, so the database starts from the few matching name
 * parts (the index on value) and reaches the rows through the sequence id, instead of testing
 * every row.
 */
export function nameValuesCondition(sequenceId: RawBuilder<unknown>, filter: NameValuesFilter): RawBuilder<boolean> {
  const hasAny = (values: readonly string[]) =>
    sql<boolean>`${sequenceId} in (select np.slot_sequence_id from slot_sequence_name_parts as np where np.value in (${sql.join(values)}))`;
  if (filter.operator === 'or') return hasAny(filter.values);
  return sql<boolean>`(${sql.join([...new Set(filter.values)].map((value) => hasAny([value])), sql` and `)})`;
}

/**
 * The sequence has, for every term, a name part value containing it, ignoring case ("sal" finds
 * feed=sales). `%`, `_` and `\` in a term match themselves. `lower()` on both sides, as
 * PostgreSQL's LIKE minds case and SQLite's does not (SQLite folds ASCII letters only).
 */
export function nameContainsCondition(sequenceId: RawBuilder<unknown>, terms: readonly string[]): RawBuilder<boolean> {
  const containing = (term: string) =>
    sql<boolean>`${sequenceId} in (select np.slot_sequence_id from slot_sequence_name_parts as np where lower(np.value) like lower(${`%${escapeLike(term)}%`}) escape '\\')`;
  return sql<boolean>`(${sql.join([...new Set(terms)].map(containing), sql` and `)})`;
}

function escapeLike(text: string): string {
  return text.replace(/[\\%_]/g, (char) => `\\${char}`);
}

/** `column in (values)` where a null value matches a null column (used for cadence `unscheduled`). */
export function inOrNull(column: RawBuilder<unknown>, values: ReadonlyArray<string | null>): RawBuilder<boolean> {
  const present = values.filter((value): value is string => value !== null);
  const parts: Array<RawBuilder<boolean>> = [];
  if (present.length > 0) parts.push(sql<boolean>`${column} in (${sql.join(present)})`);
  if (present.length < values.length) parts.push(sql<boolean>`${column} is null`);
  return sql<boolean>`(${sql.join(parts, sql` or `)})`;
}

/**
 * Order keys for `expression` in `direction`, nulls last either way (SQLite and PostgreSQL
 * disagree by default). `nulls last` (SQLite 3.30+), not a `case` key, so the expression is
 * computed once per row and an index can still give the order.
 */
export function orderKeys(expression: RawBuilder<unknown>, direction: 'asc' | 'desc', nullable: boolean): Array<RawBuilder<unknown>> {
  if (!nullable) return [direction === 'desc' ? sql`${expression} desc` : sql`${expression} asc`];
  return [direction === 'desc' ? sql`${expression} desc nulls last` : sql`${expression} asc nulls last`];
}

/** `expression` within the range (inclusive); no bound, no condition. */
export function whereRange<Q extends { where(expression: RawBuilder<boolean>): Q }>(query: Q, expression: RawBuilder<unknown>, range: Range | undefined): Q {
  let out = query;
  if (range?.min !== undefined) out = out.where(sql<boolean>`${expression} >= ${range.min}`);
  if (range?.max !== undefined) out = out.where(sql<boolean>`${expression} <= ${range.max}`);
  return out;
}

/**
 * The number of rows `rows` (a `from ... where ...` clause) within the range (inclusive), read no
 * further than the bounds need: "at least n" is whether an n-th row exists, "at most n" whether
 * no (n+1)-th does. A count would read every row, and these ranges grow with the history.
 */
export function whereCountRange<Q extends { where(expression: RawBuilder<boolean>): Q }>(query: Q, rows: RawBuilder<unknown>, range: Range | undefined): Q {
  let out = query;
  const atLeast = range?.min === undefined ? 0 : Math.ceil(range.min);
  if (atLeast >= 1) out = out.where(sql<boolean>`exists (select 1 ${rows} limit 1 offset ${atLeast - 1})`);
  if (range?.max !== undefined) {
    const atMost = Math.floor(range.max);
    out = out.where(atMost < 0 ? sql<boolean>`1 = 0` : sql<boolean>`not exists (select 1 ${rows} limit 1 offset ${atMost})`);
  }
  return out;
}
