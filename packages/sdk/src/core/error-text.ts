/** An error as text for a log line; used by LucoApi, the delivery queue and the FileStore. */

/** An error's message, or the thrown value as text. */
export function errorText(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
