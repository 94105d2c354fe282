import { chmod, mkdtemp, readFile, rm, stat, writeFile } from 'node:fs/promises';
import { homedir, tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { configPath, readConfig, removeConfig, resolveSettings, writeConfig } from '../../src/config.js';

describe('configPath', () => {
  it('LUCO_CONFIG, else an absolute XDG_CONFIG_HOME, else ~/.config', () => {
    expect(configPath({ LUCO_CONFIG: '/etc/luco.json', XDG_CONFIG_HOME: '/x' })).toBe('/etc/luco.json');
    expect(configPath({ XDG_CONFIG_HOME: '/x' })).toBe('/x/luco/config.json');
    expect(configPath({ XDG_CONFIG_HOME: 'relative' })).toBe(join(homedir(), '.config', 'luco', 'config.json'));
    expect(configPath({})).toBe(join(homedir(), '.config', 'luco', 'config.json'));
  });
});

describe('resolveSettings', () => {
  it('takes each setting from flags, then LUCO_* variables, then the file; empty counts as missing', () => {
    const resolved = resolveSettings(
      { baseUrl: 'https://flag', clientId: '' },
      { LUCO_BASE_URL: 'https://env', LUCO_CLIENT_ID: 'env-id', LUCO_RESOURCE_ID: '' },
      { baseUrl: 'https://file', clientId: 'file-id', resourceId: 'file-resource', clientSecret: 's' },
    );
    expect(resolved.settings).toEqual({ baseUrl: 'https://flag', clientId: 'env-id', resourceId: 'file-resource', clientSecret: 's' });
    expect(resolved.sources).toEqual({ baseUrl: 'flag', clientId: 'env', resourceId: 'file', clientSecret: 'file' });
  });
});

describe('writeConfig / readConfig / removeConfig', () => {
  it('writes owner-only (0600) in a 0700 folder, even over a wider existing file, and reads it back', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'luco-cli-config-'));
    const path = join(folder, 'luco', 'config.json');
    await writeConfig(path, { baseUrl: 'https://a', clientSecret: 's3cret', tenantId: undefined });
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect((await stat(join(folder, 'luco'))).mode & 0o777).toBe(0o700);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({ baseUrl: 'https://a', clientSecret: 's3cret' });

    await writeFile(path, '{"baseUrl":"https://old"}');
    await chmod(path, 0o644);
    expect((await readConfig(path))?.tooOpen).toBe(true);
    await writeConfig(path, { baseUrl: 'https://b' });
    const loaded = await readConfig(path);
    expect(loaded).toEqual({ path, settings: { baseUrl: 'https://b' }, tooOpen: false });

    expect(await removeConfig(path)).toBe(true);
    expect(await removeConfig(path)).toBe(false);
    expect(await readConfig(path)).toBeUndefined();
    await rm(folder, { recursive: true });
  });

  it('a file that is not a JSON object is a usage error', async () => {
    const folder = await mkdtemp(join(tmpdir(), 'luco-cli-config-'));
    const path = join(folder, 'config.json');
    await writeFile(path, '[1]');
    await expect(readConfig(path)).rejects.toThrow(/must hold a JSON object/);
    await writeFile(path, '{');
    await expect(readConfig(path)).rejects.toThrow(/not valid JSON/);
    await rm(folder, { recursive: true });
  });
});
