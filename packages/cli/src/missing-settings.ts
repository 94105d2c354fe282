import type { SettingKey, Settings } from './config.js';
import { UsageError } from './exit-codes.js';

/**
 * What is missing before luco can talk to Luco, each setting named with the flag and the variable
 * that set it: luco checks this itself, so the error speaks in luco's terms (flags), not the
 * SDK's option names. `luco login` itself is never told to run `luco login`.
 */
export function checkSettings(settings: Settings, forLogin: boolean, withheld: Partial<Record<SettingKey, string>> = {}): void {
  const missing: string[] = [];
  if (!settings.baseUrl) missing.push('the base URL (--base-url or LUCO_BASE_URL)');
  if (!settings.tokenUrl && !settings.tenantId) {
    missing.push('where tokens come from: --token-url or LUCO_TOKEN_URL for a LucoTS server (<base URL>/oauth2/token), or --tenant-id or LUCO_TENANT_ID for Azure AD');
  }
  if (!settings.clientId) missing.push('the client id (--client-id or LUCO_CLIENT_ID)');
  if (!settings.clientSecret) {
    const why = withheld.clientSecret ? ` (${withheld.clientSecret})` : '';
    missing.push(`${forLogin ? 'the client secret (--client-secret-stdin, or LUCO_CLIENT_SECRET)' : 'the client secret (LUCO_CLIENT_SECRET, or saved by luco login --client-secret-stdin)'}${why}`);
  }
  if (!settings.resourceId) missing.push('the resource id (--resource-id or LUCO_RESOURCE_ID; a LucoTS server\'s is luco unless it was started with another)');
  if (missing.length === 0) return;
  const how = forLogin
    ? 'give luco login these flags (or set the variables); see luco login --help'
    : 'give them as flags or LUCO_* variables, or save them once with luco login (see luco login --help)';
  throw new UsageError(`missing ${missing.length === 1 ? 'setting' : 'settings'}: ${missing.join('; ')}. ${capitalised(how)}`);
}

function capitalised(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}
