import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { resolveServeSettings } from '../../src/cli/serve-environment.js';
import { startServer } from '../support/server-process.js';

const TIME = String.raw`\d{2}:\d{2}:\d{2}\.\d{3}`;

/** Runs a server, makes one request, and returns everything it printed. */
async function outputOf(args: string[], env: NodeJS.ProcessEnv = {}): Promise<string> {
  const cwd = mkdtempSync(join(tmpdir(), 'luco-log-format-'));
  const server = await startServer(['--no-auth', ...args], { cwd, env: { LUCO_LOG_FORMAT: '', ...env } });
  try {
    expect((await fetch(`${server.url}/healthz?access_token=secret-token-value`, { headers: { 'x-request-id': 'req-format-1' } })).status).toBe(200);
  } finally {
    await server.stop();
  }
  return server.output();
}

describe('luco-server serve --log-format (the real binary)', () => {
  it('pretty: readable start-up lines and one line per request, credentials redacted', async () => {
    for (const output of [await outputOf(['--log-format', 'pretty']), await outputOf([], { LUCO_LOG_FORMAT: 'pretty' })]) {
      expect(output).toMatch(new RegExp(`^${TIME} INFO  database ready database=\\S+luco\\.db$`, 'm'));
      expect(output).toMatch(new RegExp(`^${TIME} WARN  authentication is OFF \\(--no-auth\\): every caller is an admin$`, 'm'));
      expect(output).toMatch(new RegExp(`^${TIME} INFO  GET /healthz\\?access_token=\\[Redacted\\] 200 \\d+(\\.\\d)? ms req-format-1$`, 'm'));
      expect(output).toContain('luco-server listening on http://');
      expect(output).not.toContain('secret-token-value');
      expect(output).not.toContain('"level"');
    }
  });

  it('json when stdout is not a terminal (a pipe here), or when asked', async () => {
    for (const output of [await outputOf([]), await outputOf(['--log-format', 'json'])]) {
      const entries = output
        .split('\n')
        .filter((line) => line.startsWith('{'))
        .map((line) => JSON.parse(line) as { msg: string; req?: { url: string } });
      expect(entries.map((entry) => entry.msg)).toEqual(expect.arrayContaining(['database ready', 'incoming request', 'request completed']));
      expect(entries.find((entry) => entry.msg === 'incoming request')?.req?.url).toBe('/healthz?access_token=[Redacted]');
      expect(output).not.toContain('secret-token-value');
    }
  });
});

describe('resolveServeSettings', () => {
  it('pretty on a terminal, json otherwise; a flag or LUCO_LOG_FORMAT decides first', () => {
    expect(resolveServeSettings({}, {}, true).logFormat).toBe('pretty');
    expect(resolveServeSettings({}, {}, false).logFormat).toBe('json');
    expect(resolveServeSettings({}, { LUCO_LOG_FORMAT: 'JSON' }, true).logFormat).toBe('json');
    expect(resolveServeSettings({ logFormat: 'pretty' }, { LUCO_LOG_FORMAT: 'json' }, false).logFormat).toBe('pretty');
    expect(resolveServeSettings({}, { LUCO_LOG_LEVEL: 'Warn', LUCO_DB_POOL_SIZE: '4', LUCO_MATERIALIZE_DAYS: '0', LUCO_TRUST_PROXY: '2' }, false)).toEqual({ poolSize: 4, materializeDays: 0, logLevel: 'warn', logFormat: 'json', trustProxy: 2 });
  });
});
