import { chmod, mkdir, readFile, rename, rm, stat, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { dirname, isAbsolute, join } from 'node:path';
import { CliError, EXIT, UsageError } from './exit-codes.js';

/** The connection settings luco resolves and hands to the SDK. */
export interface Settings {
  baseUrl?: string | undefined;
  tenantId?: string | undefined;
  clientId?: string | undefined;
  clientSecret?: string | undefined;
  resourceId?: string | undefined;
  tokenUrl?: string | undefined;
  authorityHost?: string | undefined;
  /** Plain http to a server off this machine: `1`/`true` (a flag or the file's `true`) or `0`/`false`. */
  allowHttp?: string | undefined;
}

export type SettingKey = keyof Settings;
export type Source = 'flag' | 'env' | 'file';

/** Each setting, the variable the SDK reads for it, and its flag. */
export const SETTINGS: ReadonlyArray<{ key: SettingKey; env: string; flag: string }> = [
  { key: 'baseUrl', env: 'LUCO_BASE_URL', flag: '--base-url' },
  { key: 'tenantId', env: 'LUCO_TENANT_ID', flag: '--tenant-id' },
  { key: 'clientId', env: 'LUCO_CLIENT_ID', flag: '--client-id' },
  { key: 'clientSecret', env: 'LUCO_CLIENT_SECRET', flag: '--client-secret' },
  { key: 'resourceId', env: 'LUCO_RESOURCE_ID', flag: '--resource-id' },
  { key: 'tokenUrl', env: 'LUCO_TOKEN_URL', flag: '--token-url' },
  { key: 'authorityHost', env: 'LUCO_AUTHORITY_HOST', flag: '--authority-host' },
  { key: 'allowHttp', env: 'LUCO_ALLOW_HTTP', flag: '--allow-http' },
];

const ON = new Set(['1', 'true', 'yes', 'on']);
const OFF = new Set(['0', 'false', 'no', 'off']);

/**
 * Whether plain http to another machine is allowed, from the resolved `allowHttp` setting: the
 * same words the SDK takes in LUCO_ALLOW_HTTP (1/true/yes/on, 0/false/no/off, any case).
 */
export function allowHttpOf(value: string | undefined, source: Source | undefined): boolean {
  const text = (value ?? '').trim().toLowerCase();
  if (text === '' || OFF.has(text)) return false;
  if (ON.has(text)) return true;
  const where = source === 'file' ? 'allowHttp in the config file' : 'LUCO_ALLOW_HTTP';
  throw new UsageError(`${where} must be 1 (allow plain http to a server off this machine) or 0, got ${JSON.stringify(value)}`);
}

/** `LUCO_CONFIG`, else `$XDG_CONFIG_HOME/luco/config.json`, else `~/.config/luco/config.json`. */
export function configPath(env: NodeJS.ProcessEnv): string {
  if (env.LUCO_CONFIG) return env.LUCO_CONFIG;
  // The XDG spec says a relative XDG_CONFIG_HOME is invalid and must be ignored.
  const base = env.XDG_CONFIG_HOME && isAbsolute(env.XDG_CONFIG_HOME) ? env.XDG_CONFIG_HOME : join(homedir(), '.config');
  return join(base, 'luco', 'config.json');
}

export interface LoadedConfig {
  path: string;
  settings: Settings;
  /** Group or others may read it: worth a warning, since it holds a secret. */
  tooOpen: boolean;
}

/** The config file, or undefined when there is none. A file that is not a settings object is an error. */
export async function readConfig(path: string): Promise<LoadedConfig | undefined> {
  let text: string;
  try {
    text = await readFile(path, 'utf8');
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return undefined;
    throw new CliError(`cannot read the config file ${path}: ${(error as Error).message}`);
  }
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new UsageError(`the config file ${path} is not valid JSON; fix it, or run \`luco logout\` and \`luco login\` again`);
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
    throw new UsageError(`the config file ${path} must hold a JSON object`);
  }
  const settings: Settings = {};
  for (const { key } of SETTINGS) {
    const value = (parsed as Record<string, unknown>)[key];
    if (value === undefined || value === null) continue;
    if (key === 'allowHttp' && typeof value === 'boolean') {
      settings[key] = value ? 'true' : 'false';
      continue;
    }
    if (typeof value !== 'string') throw new UsageError(`the config file ${path}: ${key} must be ${key === 'allowHttp' ? 'true or false' : 'a string'}`);
    settings[key] = value;
  }
  const mode = (await stat(path)).mode;
  return { path, settings, tooOpen: process.platform !== 'win32' && (mode & 0o077) !== 0 };
}

/**
 * Writes the file readable by its owner only (0600, in a 0700 folder). It is written to a
 * temporary file first and renamed, so a crash never leaves half a config, and the secret is never
 * in a file with wider permissions, not even for a moment.
 */
export async function writeConfig(path: string, settings: Settings): Promise<void> {
  const folder = dirname(path);
  await mkdir(folder, { recursive: true, mode: 0o700 });
  const temporary = join(folder, `.config.${process.pid}.${Date.now()}.tmp`);
  const body: Record<string, string | boolean> = {};
  for (const { key } of SETTINGS) {
    const value = settings[key];
    if (!value) continue;
    // Kept as a JSON boolean, and only when on (off is the default).
    if (key === 'allowHttp') {
      if (allowHttpOf(value, undefined)) body[key] = true;
    } else body[key] = value;
  }
  try {
    await writeFile(temporary, `${JSON.stringify(body, null, 2)}\n`, { mode: 0o600, flag: 'wx' });
    // A umask can only narrow 0600 (an odd one could lock the owner out): make it exactly 0600.
    await chmod(temporary, 0o600);
    await rename(temporary, path);
  } catch (error) {
    await rm(temporary, { force: true });
    throw new CliError(`cannot write the config file ${path}: ${(error as Error).message}`, EXIT.failure);
  }
}

/** Removes the file; false when there was none. */
export async function removeConfig(path: string): Promise<boolean> {
  try {
    await rm(path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'ENOENT') return false;
    throw new CliError(`cannot remove the config file ${path}: ${(error as Error).message}`);
  }
}

export interface ResolvedSettings {
  settings: Settings;
  sources: Partial<Record<SettingKey, Source>>;
  /** Settings of the config file left unused, and why (said when one of them is then missing). */
  withheld?: Partial<Record<SettingKey, string>>;
}

const RANK: Record<Source, number> = { flag: 0, env: 1, file: 2 };
/** Where tokens come from: one endpoint, so its settings are taken together from one level. */
const TOKEN_ENDPOINT: readonly SettingKey[] = ['tokenUrl', 'tenantId', 'authorityHost'];

/**
 * Flags, then `LUCO_*` variables, then the config file, setting by setting. An empty value counts
 * as missing, as the SDK treats it. Two exceptions keep a secret from going where it was not meant
 * to: the token endpoint (`--token-url`, or `--tenant-id` with `--authority-host`) comes whole from
 * the highest level that names one (a `--tenant-id` flag is not mixed with a saved token URL), and
 * the saved secret is used only with the saved token endpoint (never sent to another one).
 */
export function resolveSettings(flags: Settings, env: NodeJS.ProcessEnv, file: Settings | undefined): ResolvedSettings {
  const settings: Settings = {};
  const sources: Partial<Record<SettingKey, Source>> = {};
  for (const { key, env: variable } of SETTINGS) {
    const candidates: Array<[Source, string | undefined]> = [
      ['flag', flags[key]],
      ['env', env[variable]],
      ['file', file?.[key]],
    ];
    const found = candidates.find(([, value]) => value !== undefined && value !== '');
    if (found) {
      settings[key] = found[1];
      sources[key] = found[0];
    }
  }
  const withheld: Partial<Record<SettingKey, string>> = {};
  const endpointLevels = (['tokenUrl', 'tenantId'] as const).flatMap((key) => (sources[key] ? [RANK[sources[key]]] : []));
  if (endpointLevels.length > 0) {
    const level = Math.min(...endpointLevels);
    for (const key of TOKEN_ENDPOINT) {
      const source = sources[key];
      if (source !== undefined && RANK[source] > level) {
        delete settings[key];
        delete sources[key];
      }
    }
    if (sources.clientSecret === 'file' && level < RANK.file) {
      delete settings.clientSecret;
      delete sources.clientSecret;
      withheld.clientSecret = 'the config file\'s secret was saved for its own token endpoint, and this one is given by a flag or variable';
    }
  }
  return Object.keys(withheld).length > 0 ? { settings, sources, withheld } : { settings, sources };
}
