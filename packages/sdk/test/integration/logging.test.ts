import { createServer } from 'node:net';
import { afterEach, describe, expect, it } from 'vitest';
import { APIConnectionError, InternalServerError, LucoApi, type Logger, NotFoundError, SlotSequenceNotFoundError } from '../../src/index.js';
import { type Handler, type RecordingServer, startRecordingServer, staticIdentity } from '../support/recording-server.js';

/**
 * What the SDK logs at warn: retries and failures nobody else hears of. An error it throws to the
 * caller is the caller's to report, so it is logged at debug only (a not-found the SDK turns into
 * its own error, e.g. SlotSequenceNotFoundError, included).
 */

let server: RecordingServer | undefined;
afterEach(async () => {
  await server?.close();
  server = undefined;
});

function capture(): { logger: Logger; at: (level: string) => string[] } {
  const lines: Array<{ level: string; text: string }> = [];
  const sink = (level: string) => (message: string) => lines.push({ level, text: message });
  return {
    logger: { error: sink('error'), warn: sink('warn'), info: sink('info'), debug: sink('debug') },
    at: (level) => lines.filter((line) => line.level === level).map((line) => line.text),
  };
}

async function clientFor(handler: Handler, log: { logger: Logger }, maxRetries = 2): Promise<LucoApi> {
  server = await startRecordingServer(handler);
  return new LucoApi({ baseUrl: server.url, identity: staticIdentity, logger: log.logger, logLevel: 'debug', maxRetries, backoff: { baseDelayMs: 1, maxDelayMs: 2 }, env: {} });
}

describe('what is logged at warn', () => {
  it('an unknown sequence: the 404s that become SlotSequenceNotFoundError are debug lines, not warnings', async () => {
    const log = capture();
    const api = await clientFor(() => ({ status: 404, body: { title: 'Not Found', status: 404 } }), log);
    await expect(api.findSlotId('2026-11-27', { client: 'nobody' })).rejects.toBeInstanceOf(SlotSequenceNotFoundError);
    expect(log.at('warn')).toEqual([]);
    expect(log.at('error')).toEqual([]);
    expect(log.at('debug').filter((line) => /^\[lucots\] 404 GET \/(slots|slotsequences)\/search\//.test(line))).toHaveLength(2);
  });

  it('an error answer thrown to the caller is not logged at warn', async () => {
    const log = capture();
    const api = await clientFor(() => ({ status: 404, body: { title: 'Not Found', detail: 'no slot sequence 9' } }), log);
    await expect(api.getSlotSequence(9)).rejects.toBeInstanceOf(NotFoundError);
    expect(log.at('warn')).toEqual([]);
    expect(log.at('debug').some((line) => line.startsWith('[lucots] 404 GET /v2/slotsequences/9: no slot sequence 9 (request id '))).toBe(true);
  });

  it('retries are warnings; the error thrown after them is not one more', async () => {
    const log = capture();
    const api = await clientFor(() => ({ status: 503, body: { title: 'Service Unavailable' } }), log);
    await expect(api.getSlotSequence(9)).rejects.toBeInstanceOf(InternalServerError);
    expect(log.at('warn').map((line) => line.replace(/\d+ ms/, 'N ms'))).toEqual([
      '[lucots] GET /v2/slotsequences/9 503; retrying in N ms (2 left)',
      '[lucots] GET /v2/slotsequences/9 503; retrying in N ms (1 left)',
    ]);
  });

  it('a connection refused: the retry is a warning, the APIConnectionError thrown after it is not', async () => {
    const port = await new Promise<number>((resolve) => {
      const probe = createServer().listen(0, '127.0.0.1', () => {
        const address = probe.address();
        probe.close(() => resolve(typeof address === 'object' && address ? address.port : 0));
      });
    });
    const log = capture();
    const api = new LucoApi({ baseUrl: `http://127.0.0.1:${port}`, identity: staticIdentity, logger: log.logger, logLevel: 'debug', maxRetries: 1, backoff: { baseDelayMs: 1, maxDelayMs: 2 }, env: {} });
    await expect(api.getSlotSequence(9)).rejects.toBeInstanceOf(APIConnectionError);
    expect(log.at('warn')).toHaveLength(1);
    expect(log.at('warn')[0]).toMatch(/^\[lucots\] GET \/v2\/slotsequences\/9 failed \(.*ECONNREFUSED.*\); retrying in \d+ ms$/);
    expect(log.at('debug').some((line) => /^\[lucots\] GET \/v2\/slotsequences\/9 failed: /.test(line))).toBe(true);
  });
});
