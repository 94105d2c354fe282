import { SlotSequenceNotFoundError, type LucoApi } from '@lucots/sdk';
import type { Command } from 'commander';
import { allowHttpOf, SETTINGS, writeConfig, type Settings } from '../config.js';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readSecret } from '../io/secret.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';

interface LoginOptions {
  clientSecret?: string;
  clientSecretStdin?: boolean;
}

export function registerLogin(program: Command, runtime: Runtime): void {
  program
    .command('login')
    .description('Check credentials against Luco, then save them (owner-only) in the config file')
    .option('--client-secret <secret>', 'the client secret (prefer --client-secret-stdin: flags show up in ps and shell history)')
    .option('--client-secret-stdin', 'read the client secret from stdin (a terminal does not echo it)')
    .addHelpText(
      'after',
      '\nNeeds --base-url, --client-id, --resource-id, the secret, and --token-url (a LucoTS server) or --tenant-id\n' +
        '(Azure AD; --authority-host for another cloud); each may come from its LUCO_* variable or the current config file.\n\n' +
        'A LucoTS server (npx luco-server serve wrote .luco/admin-credentials.luco.json where it started):\n' +
        "  node -p 'require(\"./.luco/admin-credentials.luco.json\").clientSecret' | luco login --base-url http://127.0.0.1:8080 \\\n" +
        '    --token-url http://127.0.0.1:8080/oauth2/token --resource-id luco \\\n' +
        "    --client-id \"$(node -p 'require(\"./.luco/admin-credentials.luco.json\").clientId')\" --client-secret-stdin\n" +
        'Azure AD (the resource id is the application id of the Luco API\'s app registration):\n' +
        '  printf %s "$SECRET" | luco login --base-url https://luco.example.com/api --tenant-id "$TENANT_ID" \\\n' +
        '    --client-id "$CLIENT_ID" --resource-id "$RESOURCE_ID" --client-secret-stdin',
    )
    .action(action(runtime, login));
}

async function login(ctx: Context, options: LoginOptions): Promise<void> {
  if (options.clientSecret !== undefined && options.clientSecretStdin) throw new UsageError('give --client-secret or --client-secret-stdin, not both');
  const extra: Settings = {};
  if (options.clientSecretStdin) extra.clientSecret = await readSecret(ctx.stdin, (text) => ctx.out.prompt(text));
  else if (options.clientSecret !== undefined) extra.clientSecret = options.clientSecret;

  const { settings } = await ctx.settings(extra);
  // luco says what is missing; the SDK checks the values (URLs, https) as it is built.
  const api = await ctx.createApi({ settings: extra, maxRetries: ctx.globals.maxRetries ?? 1, forLogin: true });
  await verify(api);

  const path = ctx.configPath;
  await writeConfig(path, settings);
  const saved = SETTINGS.filter(({ key }) => (key === 'allowHttp' ? allowHttpOf(settings.allowHttp, undefined) : settings[key])).map(({ key }) => key);
  if (ctx.json) ctx.out.document({ loggedIn: true, baseUrl: api.baseUrl, clientId: settings.clientId ?? null, configPath: path, saved });
  else ctx.out.note(`Logged in to ${api.baseUrl} as ${settings.clientId ?? 'the configured identity'}; saved to ${path}`);
}

/**
 * A cheap authenticated read: the SDK must fetch a token first (a bad secret fails there with
 * AuthError) and the API then checks the token (a 401 or 403 fails here). The name looked up is
 * made up; "no such sequence" is the expected, successful answer.
 */
async function verify(api: LucoApi): Promise<void> {
  try {
    await api.findSlotSequenceId({ 'luco-cli': 'login-check' });
  } catch (error) {
    if (error instanceof SlotSequenceNotFoundError) return;
    throw error;
  }
}
