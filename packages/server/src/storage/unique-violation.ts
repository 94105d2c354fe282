/**
 * Whether a database error is a unique-constraint violation (SQLite SQLITE_CONSTRAINT_UNIQUE or
 * PostgreSQL 23505): two writers that both checked a name was free, on two instances at once.
 */
export function isUniqueViolation(error: unknown): boolean {
  const code = (error as { code?: unknown } | null)?.code;
  return code === '23505' || code === 'SQLITE_CONSTRAINT_UNIQUE' || code === 'SQLITE_CONSTRAINT_PRIMARYKEY';
}
