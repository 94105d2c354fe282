import type { AlertChannel, AlertChannelInput, AlertChannelSettingsInput, AlertChannelType } from '@lucots/sdk';
import type { Context } from '../context.js';
import { UsageError } from '../exit-codes.js';
import { readInput, readJsonInput } from '../io/input.js';
import { readSecret } from '../io/secret.js';

/** The flags of `luco alerts channels create|update`. */
export interface ChannelFlags {
  file?: string;
  name?: string;
  type?: AlertChannelType;
  enable?: boolean;
  disable?: boolean;
  url?: string;
  urlFile?: string;
  signingSecretStdin?: boolean;
  signingSecretFile?: string;
  header?: string[];
  host?: string;
  port?: number;
  security?: 'tls' | 'starttls' | 'none';
  username?: string | false;
  passwordStdin?: boolean;
  passwordFile?: string;
  /** false for --no-password; commander sets true when it is not given. */
  password?: boolean;
  from?: string;
  to?: string[];
}

const FLAGS_BY_TYPE: Record<AlertChannelType, ReadonlyArray<keyof ChannelFlags>> = {
  webhook: ['url', 'urlFile', 'signingSecretStdin', 'signingSecretFile', 'header'],
  slack: ['url', 'urlFile'],
  teams: ['url', 'urlFile'],
  email: ['host', 'port', 'security', 'username', 'passwordStdin', 'passwordFile', 'password', 'from', 'to'],
};
const FLAG_NAMES: Partial<Record<keyof ChannelFlags, string>> = {
  url: '--url',
  urlFile: '--url-file',
  signingSecretStdin: '--signing-secret-stdin',
  signingSecretFile: '--signing-secret-file',
  header: '--header',
  host: '--host',
  port: '--port',
  security: '--security',
  username: '--username/--no-username',
  passwordStdin: '--password-stdin',
  passwordFile: '--password-file',
  password: '--no-password',
  from: '--from',
  to: '--to',
};

/**
 * The body of a channel create (no `current`) or update: a `-f` file (the whole body) or the
 * stored channel as the base, then the flags given. Secrets come from files or stdin; a secret
 * left out of an update stays as stored (the server keeps it).
 */
export async function channelInput(ctx: Context, flags: ChannelFlags, current?: AlertChannel): Promise<AlertChannelInput> {
  checkStdinUse(flags);
  const base = flags.file !== undefined ? await fileBody(ctx, flags.file) : current ? fromView(current) : undefined;
  const type = flags.type ?? (base?.settings.type as AlertChannelType | undefined);
  if (type === undefined) throw new UsageError('--type is required (webhook, slack, teams or email), or give the channel as JSON with -f');
  if (current && type !== current.type) throw new UsageError(`--type: the channel is a ${current.type} channel; a channel keeps its type`);
  for (const [flag, name] of Object.entries(FLAG_NAMES) as Array<[keyof ChannelFlags, string]>) {
    const given = flag === 'password' ? flags.password === false : flags[flag] !== undefined;
    if (given && !FLAGS_BY_TYPE[type].includes(flag)) throw new UsageError(`${name} does not apply to a ${type} channel`);
  }
  const name = flags.name ?? base?.name;
  if (name === undefined) throw new UsageError('--name is required');
  const enabled = flags.disable ? false : flags.enable ? true : base?.enabled;
  const settings = { ...(base?.settings.type === type ? base.settings : { type }) } as Record<string, unknown>;

  const url = await urlOf(ctx, flags, type);
  if (url !== undefined) settings.url = url;
  const secrets = await signingSecretsOf(ctx, flags);
  if (secrets !== undefined) settings.signingSecrets = secrets;
  if (flags.header !== undefined) {
    ctx.out.warn('header values given with --header stay in your shell history and the process list; put credentials in a -f file');
    settings.headers = Object.fromEntries(flags.header.map(headerPair));
  }
  if (flags.host !== undefined) settings.host = flags.host;
  if (flags.port !== undefined) settings.port = flags.port;
  if (flags.security !== undefined) settings.security = flags.security;
  if (flags.username !== undefined) settings.username = flags.username === false ? null : flags.username;
  if (flags.from !== undefined) settings.from = flags.from;
  if (flags.to !== undefined) settings.to = flags.to;
  const password = await passwordOf(ctx, flags);
  if (password !== undefined) settings.password = password;
  return { name, ...(enabled === undefined ? {} : { enabled }), settings: settings as unknown as AlertChannelSettingsInput };
}

/** What an update starts from: the stored channel's settings that are not secret (secrets left out stay as stored). */
function fromView(channel: AlertChannel): AlertChannelInput {
  const shown = channel.settings;
  const settings =
    channel.type === 'email'
      ? { type: 'email' as const, host: shown.host ?? '', port: shown.port ?? 0, security: (shown.security ?? 'tls') as 'tls' | 'starttls' | 'none', username: shown.username ?? null, from: shown.from ?? '', to: shown.to ?? [] }
      : { type: channel.type };
  return { name: channel.name, enabled: channel.enabled, settings };
}

async function fileBody(ctx: Context, path: string): Promise<AlertChannelInput> {
  const body = await readJsonInput(path, ctx.stdin);
  const settings = (body as { settings?: unknown } | null)?.settings;
  if (typeof body !== 'object' || body === null || Array.isArray(body) || typeof settings !== 'object' || settings === null) {
    throw new UsageError(`${path === '-' ? 'stdin' : path}: expected a channel object { "name": ..., "settings": { "type": ..., ... } }`);
  }
  return body as AlertChannelInput;
}

async function urlOf(ctx: Context, flags: ChannelFlags, type: AlertChannelType): Promise<string | undefined> {
  if (flags.url !== undefined && flags.urlFile !== undefined) throw new UsageError('give --url or --url-file, not both');
  if (flags.urlFile !== undefined) return firstLine(await readInput(flags.urlFile, ctx.stdin), '--url-file');
  if (flags.url === undefined) return undefined;
  // Slack and Teams URLs are tokens in themselves; any URL with a query probably carries one.
  if (type !== 'webhook' || flags.url.includes('?')) ctx.out.warn('this URL carries a secret token: given with --url it stays in your shell history and the process list; prefer --url-file (- for stdin)');
  return flags.url;
}

/** One or two `whsec_` secrets, one per line (two while rotating: the new one first). */
async function signingSecretsOf(ctx: Context, flags: ChannelFlags): Promise<string[] | undefined> {
  if (flags.signingSecretStdin && flags.signingSecretFile !== undefined) throw new UsageError('give --signing-secret-stdin or --signing-secret-file, not both');
  let text: string | undefined;
  if (flags.signingSecretStdin) text = await readSecret(ctx.stdin, (prompt) => ctx.out.prompt(prompt), 'Signing secret');
  else if (flags.signingSecretFile !== undefined) text = await readInput(flags.signingSecretFile, ctx.stdin);
  if (text === undefined) return undefined;
  const secrets = text.split(/\r?\n/).map((line) => line.trim()).filter((line) => line !== '');
  if (secrets.length === 0) throw new UsageError('the signing secret input is empty');
  return secrets;
}

async function passwordOf(ctx: Context, flags: ChannelFlags): Promise<string | null | undefined> {
  const given = [flags.passwordStdin, flags.passwordFile !== undefined, flags.password === false].filter(Boolean).length;
  if (given > 1) throw new UsageError('give one of --password-stdin, --password-file and --no-password');
  if (flags.password === false) return null;
  if (flags.passwordStdin) return readSecret(ctx.stdin, (prompt) => ctx.out.prompt(prompt), 'SMTP password');
  if (flags.passwordFile !== undefined) return firstLine(await readInput(flags.passwordFile, ctx.stdin), '--password-file');
  return undefined;
}

function checkStdinUse(flags: ChannelFlags): void {
  const readers = [flags.file === '-' && '-f -', flags.urlFile === '-' && '--url-file -', flags.signingSecretStdin && '--signing-secret-stdin', flags.signingSecretFile === '-' && '--signing-secret-file -', flags.passwordStdin && '--password-stdin', flags.passwordFile === '-' && '--password-file -'].filter(Boolean);
  if (readers.length > 1) throw new UsageError(`only one input can come from stdin; got ${readers.join(' and ')}`);
}

function firstLine(text: string, flag: string): string {
  const line = text.split(/\r?\n/).map((piece) => piece.trim()).find((piece) => piece !== '');
  if (line === undefined) throw new UsageError(`${flag}: the input is empty`);
  return line;
}

function headerPair(text: string): [string, string] {
  const at = text.indexOf(':');
  if (at <= 0) throw new UsageError('--header: expected "Name: value"');
  return [text.slice(0, at).trim(), text.slice(at + 1).trim()];
}
