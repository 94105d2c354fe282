/**
 * Bounds on what one request may carry, so hostile input gets a 400 naming the field instead of
 * exhausting the stack, the database's variable limits or PostgreSQL's column ranges.
 */

/**
 * The range of the database's `integer` columns (ids, counts, name part positions): PostgreSQL's
 * int4. SQLite would take more, so every integer a request carries is bounded by it and both
 * databases give one answer.
 */
export const MAX_DB_INTEGER = 2_147_483_647;

/**
 * How many values one repeated query parameter may carry: each can become an SQL variable, and
 * SQLite and PostgreSQL cap those per statement.
 */
export const MAX_QUERY_VALUES = 1000;

/** How many parts a slot sequence name may have: each is a row (and SQL variables) when stored. */
export const MAX_NAME_PARTS = 100;

/**
 * How many run environment objects one request may record: they are inserted in one statement,
 * four SQL variables each.
 */
export const MAX_RUN_ENVIRONMENTS = 1000;

/**
 * How deeply JSON may nest. Deeper documents are refused at parse time: recursive code further
 * on (schema validation, stringifying, the services' walkers) would otherwise run out of stack.
 * Real payloads (Great Expectations results, run environments) nest a handful of levels.
 */
export const MAX_JSON_DEPTH = 64;

/**
 * How many sequences one import may carry. An import is one transaction (all or nothing across a
 * crash); 10,000 items take about a second on SQLite, during which other writes wait.
 */
export const MAX_IMPORT_ITEMS = 10_000;
