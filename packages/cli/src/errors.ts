import { LucoError, ValidationError } from '@lucots/sdk';

/** Validation fields that mean "luco is not configured", which deserve a hint. */
const CONFIG_FIELDS = new Set(['baseUrl', 'credentials', 'clientId', 'clientSecret', 'resourceId', 'tenantId', 'tokenUrl', 'authorityHost']);

/**
 * The one line luco prints on stderr for an error. SDK messages are already redacted and nothing
 * here adds a configuration value, so no secret can appear; stack traces are never shown.
 */
export function errorMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ValidationError) {
    if (CONFIG_FIELDS.has(error.field)) message += ' (run `luco login`, pass flags, or set LUCO_* variables)';
  } else if (LucoError.isLucoError(error) && error.name !== 'LucoError') {
    // The class name tells a script's reader what kind of failure it was (AuthError, NotFoundError...).
    message = `${error.name}: ${message}`;
  }
  return oneLine(message);
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
