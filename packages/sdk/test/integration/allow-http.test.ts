import { afterEach, describe, expect, it } from 'vitest';
import type { FetchLike } from '../../src/core/transport.js';
import { LucoApi, type Logger, ValidationError } from '../../src/index.js';
import { type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * Plain http to another machine (a server in a private network behind a proxy that terminates
 * TLS) only with an explicit opt-in, warned about once per host per process; loopback never needs it.
 */

const SECRET = 'Pl41n~Http.Secret-value-for-tests';
let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function captured(): { logger: Logger; lines: Array<{ level: string; text: string }> } {
  const lines: Array<{ level: string; text: string }> = [];
  const sink = (level: string) => (message: string, ...rest: unknown[]) => lines.push({ level, text: [message, ...rest.map((item) => JSON.stringify(item))].join(' ') });
  return { lines, logger: { error: sink('error'), warn: sink('warn'), info: sink('info'), debug: sink('debug') } };
}

/** A fetch that sends what is addressed to `host` to the loopback server instead (this test machine has no such host). */
function via(host: string, target: string): FetchLike {
  return (input, init) => globalThis.fetch(input.replace(`http://${host}`, target), init);
}

function refusal(options: ConstructorParameters<typeof LucoApi>[0]): ValidationError {
  try {
    new LucoApi(options);
  } catch (error) {
    expect(error).toBeInstanceOf(ValidationError);
    return error as ValidationError;
  }
  throw new Error('expected the constructor to throw');
}

describe('plain http to another machine', () => {
  it('is refused without the opt-in, and the error says how to opt in', () => {
    const error = refusal({ baseUrl: 'http://luco-refused.internal:8080', identity: staticIdentity, env: {} });
    expect(error.field).toBe('baseUrl');
    expect(error.message).toContain('must use https, got http://luco-refused.internal:8080');
    expect(error.message).toContain('allowHttp: true or LUCO_ALLOW_HTTP=1');
    // The token URL carries the secret: the same rule.
    const token = refusal({ baseUrl: 'https://luco.example.com', clientId: 'c', clientSecret: SECRET, resourceId: 'luco', tokenUrl: 'http://luco-refused.internal:8080/oauth2/token', env: {} });
    expect(token.field).toBe('tokenUrl');
    // An explicit false wins over the variable.
    expect(refusal({ baseUrl: 'http://luco-refused.internal', identity: staticIdentity, allowHttp: false, env: { LUCO_ALLOW_HTTP: '1' } }).field).toBe('baseUrl');
    expect(refusal({ baseUrl: 'http://luco-refused.internal', identity: staticIdentity, env: { LUCO_ALLOW_HTTP: '0' } }).field).toBe('baseUrl');
  });

  it('a variable that is neither on nor off is an error naming it', () => {
    const error = refusal({ baseUrl: 'http://luco-bad.internal', identity: staticIdentity, env: { LUCO_ALLOW_HTTP: 'maybe' } });
    expect(error.field).toBe('allowHttp');
    expect(error.message).toBe('allowHttp: LUCO_ALLOW_HTTP must be 1 (allow plain http) or 0, got "maybe"');
  });

  it('with allowHttp: token and calls go over http, and one warning names the host, never the token or the secret', async () => {
    server = await startRecordingServer((request) =>
      request.path === '/oauth2/token' ? { body: { access_token: 'plain-http-access-token-value', expires_in: 3600 } } : { body: { slotSequenceId: 4 } },
    );
    const host = 'luco-allowed.internal:8080';
    const log = captured();
    const options = {
      baseUrl: `http://${host}/`,
      tokenUrl: `http://${host}/oauth2/token`,
      clientId: 'client-1',
      clientSecret: SECRET,
      resourceId: 'luco',
      allowHttp: true,
      fetch: via(host, server.url),
      logger: log.logger,
      env: {},
    };
    const api = new LucoApi(options);
    expect(api.baseUrl).toBe(`http://${host}`);
    await expect(api.findSlotSequenceId({ client: 'acme' })).resolves.toBe(4);
    expect(server.requests.map((request) => `${request.method} ${request.path} ${request.headers.host}`)).toEqual([
      `POST /oauth2/token ${server.url.slice('http://'.length)}`,
      `GET /slotsequences/search/ ${server.url.slice('http://'.length)}`,
    ]);
    const warnings = log.lines.filter((line) => line.level === 'warn');
    expect(warnings).toEqual([
      {
        level: 'warn',
        text: `[lucots] Plain http to ${host} (allowHttp): requests, tokens and the client secret cross the network unencrypted; use it only inside a private network, behind a proxy that terminates TLS`,
      },
    ]);
    // Once per process: a second client for the same host says nothing more.
    new LucoApi(options);
    expect(log.lines.filter((line) => line.level === 'warn')).toHaveLength(1);
    for (const line of log.lines) {
      expect(line.text).not.toContain(SECRET);
      expect(line.text).not.toContain('plain-http-access-token-value');
    }
  });

  it('LUCO_ALLOW_HTTP=1 opts in too; each host is warned about once', () => {
    const log = captured();
    const api = new LucoApi({ baseUrl: 'http://luco-env.internal', identity: staticIdentity, logger: log.logger, env: { LUCO_ALLOW_HTTP: '1' } });
    expect(api.baseUrl).toBe('http://luco-env.internal');
    new LucoApi({ baseUrl: 'http://luco-env-2.internal:9000/api', identity: staticIdentity, logger: log.logger, env: { LUCO_ALLOW_HTTP: 'true' } });
    expect(log.lines.map((line) => `${line.level} ${line.text.split(' (allowHttp)')[0]}`)).toEqual([
      'warn [lucots] Plain http to luco-env.internal',
      'warn [lucots] Plain http to luco-env-2.internal:9000',
    ]);
  });

  it('loopback needs no opt-in and gets no warning; https gets none either', () => {
    const log = captured();
    for (const baseUrl of ['http://127.0.0.1:8080', 'http://localhost:8080', 'http://[::1]:8080', 'https://luco.example.com']) {
      expect(new LucoApi({ baseUrl, identity: staticIdentity, logger: log.logger, allowHttp: true, env: {} }).baseUrl).toBe(baseUrl);
    }
    expect(log.lines).toEqual([]);
  });
});
