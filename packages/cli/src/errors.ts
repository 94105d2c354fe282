import { LucoError, TokenEndpointError, ValidationError } from '@lucots/sdk';

/** The flag and variable of each setting the SDK may refuse, so the message says how to fix it in luco. */
const SETTING_FLAGS: Record<string, string> = {
  baseUrl: '--base-url or LUCO_BASE_URL',
  tokenUrl: '--token-url or LUCO_TOKEN_URL',
  authorityHost: '--authority-host or LUCO_AUTHORITY_HOST',
  tenantId: '--tenant-id or LUCO_TENANT_ID',
  clientId: '--client-id or LUCO_CLIENT_ID',
  resourceId: '--resource-id or LUCO_RESOURCE_ID',
  allowHttp: '--allow-http or LUCO_ALLOW_HTTP',
};

/**
 * The one line luco prints on stderr for an error. SDK messages are already redacted and nothing
 * here adds a configuration value, so no secret can appear; stack traces are never shown.
 */
export function errorMessage(error: unknown): string {
  let message = error instanceof Error ? error.message : String(error);
  if (error instanceof ValidationError) {
    const flags = SETTING_FLAGS[error.field];
    if (flags) message += ` (set with ${flags}${error.field === 'baseUrl' && /must use https/.test(message) ? '; plain http with --allow-http' : ''})`;
  } else if (LucoError.isLucoError(error) && error.name !== 'LucoError') {
    // The class name tells a script's reader what kind of failure it was (AuthError, NotFoundError...).
    message = `${error.name}: ${message}`;
    if (error instanceof TokenEndpointError) message += ' (luco: --token-url, --tenant-id, --authority-host)';
  }
  return oneLine(message);
}

export function oneLine(text: string): string {
  return text.replace(/\s*[\r\n]+\s*/g, ' ').trim();
}
