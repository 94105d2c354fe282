import { spawnSync } from 'node:child_process';
import { readFile, stat, writeFile } from 'node:fs/promises';
import { networkInterfaces } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, LUCO_BIN, lucoJson, removeHomes } from '../support/luco.js';
import { startProxy } from '../support/fault-proxy.js';
import { closedPort, startServer, type TestServer } from '../support/server.js';

let server: TestServer;

/** luco's connection flags for the test server, without the secret (which never goes in a flag). */
const connectionFlags = (): string[] => ['--base-url', server.url, '--token-url', `${server.url}/oauth2/token`, '--resource-id', 'luco', '--client-id', server.admin.clientId];

beforeAll(async () => {
  server = await startServer();
  await server.sdk.submitSlotSequences([{ name: { client: 'acme', feed: 'sales' } }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe.concurrent('luco login / logout / config', () => {
  it('login reads the secret from stdin, verifies it, writes a 0600 file, and never prints the secret', async () => {
    const env = isolatedEnv();
    const result = await luco(['login', ...connectionFlags(), '--client-secret-stdin', '--json'], { env, input: `${server.admin.clientSecret}\n` });
    expect(result.code).toBe(0);
    const path = join(env.XDG_CONFIG_HOME as string, 'luco', 'config.json');
    expect(JSON.parse(result.stdout)).toMatchObject({ loggedIn: true, configPath: path, clientId: server.admin.clientId });
    expect(result.stdout + result.stderr).not.toContain(server.admin.clientSecret);
    expect((await stat(path)).mode & 0o777).toBe(0o600);
    expect(JSON.parse(await readFile(path, 'utf8'))).toEqual({
      baseUrl: server.url,
      clientId: server.admin.clientId,
      clientSecret: server.admin.clientSecret,
      resourceId: 'luco',
      tokenUrl: `${server.url}/oauth2/token`,
    });

    // With no flags and no LUCO_* variables, commands now use the file.
    const found = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales', '--tag', 'from-file'], { env });
    expect(found.code).toBe(0);
    expect(found.stdout).toMatch(/^\d+\n$/);

    const shown = await lucoJson<{ settings: Record<string, { value: string | null; source: string | null }> }>(['config', 'show'], { env });
    expect(shown.settings.clientSecret).toEqual({ value: '(set)', source: 'file' });
    expect(JSON.stringify(shown)).not.toContain(server.admin.clientSecret);

    const out = await lucoJson<{ removed: boolean }>(['logout'], { env });
    expect(out.removed).toBe(true);
    await expect(stat(path)).rejects.toThrow(/ENOENT/);
    expect((await lucoJson<{ removed: boolean }>(['logout'], { env })).removed).toBe(false);
  });

  it('login with a wrong secret exits 4, writes nothing and does not echo the secret', async () => {
    const env = isolatedEnv();
    const wrong = 'not-the-secret-7f3a9c';
    const result = await luco(['login', ...connectionFlags(), '--client-secret', wrong], { env });
    expect(result.code).toBe(4);
    expect(result.stderr).toMatch(/^luco: error: AuthError: .*401/);
    expect(result.stdout + result.stderr).not.toContain(wrong);
    await expect(stat(join(env.XDG_CONFIG_HOME as string, 'luco', 'config.json'))).rejects.toThrow(/ENOENT/);
  });

  it('flags win over LUCO_* variables, which win over the file; LUCO_CONFIG names the file', async () => {
    const env = isolatedEnv();
    const path = join(env.HOME as string, 'elsewhere.json');
    await writeFile(path, JSON.stringify({ baseUrl: 'http://file.invalid', clientId: 'file-id', tokenUrl: 'http://file.invalid/t' }), { mode: 0o600 });
    const shown = await lucoJson<{ configPath: string; settings: Record<string, { value: string | null; source: string | null }> }>(
      ['config', 'show', '--base-url', 'http://flag.invalid'],
      { env: { ...env, LUCO_CONFIG: path, LUCO_BASE_URL: 'http://env.invalid', LUCO_CLIENT_ID: 'env-id' } },
    );
    expect(shown.configPath).toBe(path);
    expect(shown.settings.baseUrl).toEqual({ value: 'http://flag.invalid', source: 'flag' });
    expect(shown.settings.clientId).toEqual({ value: 'env-id', source: 'env' });
    expect(shown.settings.tokenUrl).toEqual({ value: 'http://file.invalid/t', source: 'file' });
    expect(shown.settings.tenantId).toEqual({ value: null, source: null });
  });
});

describe.concurrent('exit codes and error lines', () => {
  it('2 for usage errors: a missing required option, an unknown option, a malformed name, no configuration', async () => {
    const env = isolatedEnv(server.lucoEnv());
    const results = await Promise.all([
      luco(['slot', 'find'], { env }),
      luco(['slot', 'find', '--sequence', 'a=b', '--bogus'], { env }),
      luco(['slot', 'find', '--sequence', 'nonsense'], { env }),
      luco(['slot', 'find', '--sequence', 'a=b'], { env: isolatedEnv() }),
      luco([], { env }),
    ]);
    expect(results.map((result) => result.code)).toEqual([2, 2, 2, 2, 2]);
    expect(results[0]?.stderr).toBe("luco: error: required option '--sequence <name>' not specified\n");
    expect(results[2]?.stderr).toContain('--sequence: expected key=value, got "nonsense"');
    expect(results[3]?.stderr).toMatch(/^luco: error: missing settings: the base URL \(--base-url or LUCO_BASE_URL\); .*the client id \(--client-id or LUCO_CLIENT_ID\).*save them once with luco login/);
  });

  it('luco login without all it needs names each missing setting and its flag, and never sends you back to luco login', async () => {
    const result = await luco(['login', '--base-url', server.url, '--client-id', server.admin.clientId], { env: isolatedEnv() });
    expect(result.code).toBe(2);
    expect(result.stderr).toBe(
      'luco: error: missing settings: where tokens come from: --token-url or LUCO_TOKEN_URL for a LucoTS server (<base URL>/oauth2/token), or --tenant-id or LUCO_TENANT_ID for Azure AD; ' +
        "the client secret (--client-secret-stdin, or LUCO_CLIENT_SECRET); the resource id (--resource-id or LUCO_RESOURCE_ID; a LucoTS server's is luco unless it was started with another). " +
        'Give luco login these flags (or set the variables); see luco login --help\n',
    );
  });

  it('6 for a token URL that is not a token endpoint (a 404), with what it should be; login writes nothing', async () => {
    const env = isolatedEnv({ ...server.lucoEnv(), LUCO_TOKEN_URL: `${server.url}/oauth/token` });
    const result = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales'], { env });
    expect(result.code).toBe(6);
    expect(result.stderr).toBe(
      `luco: error: TokenEndpointError: The token URL ${server.url}/oauth/token is not a token endpoint: it answered 404 Not Found. ` +
        `Check tokenUrl (LUCO_TOKEN_URL): a LucoTS server's token URL is <base URL>/oauth2/token (here ${server.url}/oauth2/token); ` +
        'for Azure AD leave tokenUrl unset and set tenantId (LUCO_TENANT_ID), the URL is derived from it. (luco: --token-url, --tenant-id, --authority-host)\n',
    );
    expect(result.stderr).not.toContain(server.admin.clientSecret);
    const loginEnv = isolatedEnv();
    const login = await luco(['login', '--base-url', server.url, '--token-url', server.url, '--resource-id', 'luco', '--client-id', server.admin.clientId, '--client-secret-stdin'], {
      env: loginEnv,
      input: `${server.admin.clientSecret}\n`,
    });
    expect(login.code).toBe(6);
    expect(login.stderr).toContain(`TokenEndpointError: The token URL ${server.url} is not a token endpoint: it answered 404 Not Found.`);
    await expect(stat(join(loginEnv.XDG_CONFIG_HOME as string, 'luco', 'config.json'))).rejects.toThrow(/ENOENT/);
  });

  it('3 for something that is not there', async () => {
    const result = await luco(['sequences', 'find', '--sequence', 'client=ghost'], { env: isolatedEnv(server.lucoEnv()) });
    expect(result.code).toBe(3);
    expect(result.stderr).toBe('luco: error: SlotSequenceNotFoundError: No slot sequence named client=ghost\n');
  });

  it('4 for a wrong secret (AuthError) and for a role that may not (403); the secret is never shown', async () => {
    const wrong = 'wrong-secret-0c1d2e';
    const denied = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales'], { env: isolatedEnv({ ...server.lucoEnv(), LUCO_CLIENT_SECRET: wrong }) });
    expect(denied.code).toBe(4);
    expect(denied.stderr).not.toContain(wrong);
    expect(denied.stderr.trim().split('\n')).toHaveLength(1);

    const reader = await server.createClient('reader');
    const forbidden = await luco(['sequences', 'import', '-'], { env: isolatedEnv(server.lucoEnv(reader)), input: JSON.stringify([{ name: { a: 'b' } }]) });
    expect(forbidden.code).toBe(4);
    expect(forbidden.stderr).toMatch(/^luco: error: PermissionDeniedError: 403/);
    expect(forbidden.stderr).not.toContain(reader.clientSecret);
  });

  it('5 when Luco cannot be reached (a closed port), after the retries', async () => {
    const port = await closedPort();
    const env = isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: `http://127.0.0.1:${port}`, LUCO_TOKEN_URL: `http://127.0.0.1:${port}/oauth2/token` });
    const result = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales', '--max-retries', '1'], { env });
    expect(result.code).toBe(5);
    expect(result.stderr).toMatch(/^luco: error: AuthError: Could not reach the token endpoint .*ECONNREFUSED.*\n$/);
    expect(result.stderr).not.toMatch(/\n\s+at /); // no stack trace
  });

  it('--verbose logs the SDK requests on stderr, redacted, and leaves stdout to the result', async () => {
    const env = isolatedEnv(server.lucoEnv());
    const result = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales', '--tag', 'verbose', '--verbose'], { env });
    expect(result.code).toBe(0);
    expect(result.stdout).toMatch(/^\d+\n$/);
    expect(result.stderr).toContain('[lucots] Requesting an access token');
    expect(result.stderr).toMatch(/GET \/slots\/search\/ (200|404)/);
    expect(result.stderr).not.toContain(server.admin.clientSecret);
  });
});

/** A non-loopback address of this machine (plain http there needs the opt-in), if it has one. */
const lanAddress = Object.values(networkInterfaces())
  .flat()
  .find((entry) => entry !== undefined && entry.family === 'IPv4' && !entry.internal)?.address;

describe('plain http to a server off this machine', () => {
  it.skipIf(!lanAddress)('is refused without --allow-http; with it (saved by luco login) it works, with one warning naming the host', async () => {
    // The same server, reached at this machine's network address, as a server in a private network would be.
    const lan = await startProxy(server.url, { host: lanAddress! });
    try {
      const host = new URL(lan.url).host;
      const flags = ['--base-url', lan.url, '--token-url', `${lan.url}/oauth2/token`, '--resource-id', 'luco', '--client-id', server.admin.clientId];
      const env = isolatedEnv();
      const refused = await luco(['login', ...flags, '--client-secret-stdin'], { env, input: `${server.admin.clientSecret}\n` });
      expect(refused.code).toBe(2);
      expect(refused.stderr).toContain(`baseUrl: must use https, got http://${host} (plain http is allowed for localhost`);
      expect(refused.stderr).toContain('plain http with --allow-http');

      const login = await luco(['login', ...flags, '--allow-http', '--client-secret-stdin'], { env, input: `${server.admin.clientSecret}\n` });
      expect(login.code).toBe(0);
      const warning = `[lucots] Plain http to ${host} (allowHttp): requests, tokens and the client secret cross the network unencrypted; use it only inside a private network, behind a proxy that terminates TLS`;
      expect(login.stderr.split('\n').filter((line) => line.includes('Plain http'))).toEqual([warning]);
      const path = join(env.XDG_CONFIG_HOME as string, 'luco', 'config.json');
      expect(JSON.parse(await readFile(path, 'utf8'))).toMatchObject({ baseUrl: lan.url, allowHttp: true });

      // From the file, with no flag: it works, and warns once.
      const found = await luco(['slot', 'find', '--sequence', 'client=acme,feed=sales', '--tag', 'over-plain-http'], { env });
      expect(found.code).toBe(0);
      expect(found.stdout).toMatch(/^\d+\n$/);
      expect(found.stderr).toBe(`${warning}\n`);
      expect(found.stderr).not.toContain(server.admin.clientSecret);

      // LUCO_ALLOW_HTTP=1 does the same; LUCO_ALLOW_HTTP=0 wins over the file's setting (variables come first).
      const fromEnv = await luco(['sequences', 'find', '--sequence', 'client=acme,feed=sales'], { env: isolatedEnv({ ...server.lucoEnv(), LUCO_BASE_URL: lan.url, LUCO_TOKEN_URL: `${lan.url}/oauth2/token`, LUCO_ALLOW_HTTP: '1' }) });
      expect(fromEnv.code).toBe(0);
      const off = await luco(['sequences', 'find', '--sequence', 'client=acme,feed=sales'], { env: { ...env, LUCO_ALLOW_HTTP: '0' } });
      expect(off.code).toBe(2);
    } finally {
      await lan.close();
    }
  });
});

describe('colour', () => {
  it('no escape codes when stdout and stderr are not terminals, even with FORCE_COLOR', async () => {
    const env = isolatedEnv({ ...server.lucoEnv(), FORCE_COLOR: '1' });
    const table = await luco(['sequences', 'overview'], { env });
    const failed = await luco(['sequences', 'find', '--sequence', 'client=ghost'], { env });
    expect(table.stdout).toMatch(/^id\s+sequence/);
    expect(failed.code).toBe(3);
    // eslint-disable-next-line no-control-regex
    for (const text of [table.stdout, table.stderr, failed.stderr]) expect(text).not.toMatch(/\x1b\[/);
  });

  const hasScript = spawnSync('script', ['--version']).status === 0;
  it.skipIf(!hasScript)('colour on a terminal, none on a terminal with NO_COLOR', () => {
    // util-linux `script` gives luco a pseudo-terminal.
    const onTerminal = (extra: Record<string, string>): string =>
      spawnSync('script', ['-qec', `"${process.execPath}" "${LUCO_BIN}" sequences overview`, '/dev/null'], { env: isolatedEnv({ ...server.lucoEnv(), TERM: 'xterm', ...extra }), encoding: 'utf8' }).stdout;
    expect(onTerminal({})).toContain('\x1b[1mid');
    const plain = onTerminal({ NO_COLOR: '1' });
    expect(plain).toMatch(/id\s+sequence/);
    expect(plain).not.toContain('\x1b[');
  });
});
