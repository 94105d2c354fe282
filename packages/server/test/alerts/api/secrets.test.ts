import { Writable } from 'node:stream';
import { afterEach, describe, expect, it } from 'vitest';
import { serverLoggerOptions } from '../../../src/cli/logging.js';
import { apiFixture, email, type ApiFixture } from './support.js';

/**
 * Channel secrets are write-only: no API answer and no log line of a real app (logging as
 * `luco-server serve` does, at its most verbose level) carries one, whatever the request did.
 */
let f: ApiFixture;
afterEach(async () => f?.t.close());

const SECRETS = {
  urlPath: 'T0AAAA/B0BBBB/pathtoken0123456789',
  urlQuery: 'sig=querysignature0123456789',
  signing: `whsec_${Buffer.from('signing-secret-bytes-0123456789abcdef').toString('base64')}`,
  signingNew: `whsec_${Buffer.from('newer-signing-secret-bytes-0123456789').toString('base64')}`,
  header: 'Bearer receiver-credential-0123456789',
  password: 'smtp-password-0123456789',
  slack: 'slack/webhook/token/0123456789',
  teams: 'teamssig0123456789',
};

function capture(): { stream: Writable; text: () => string } {
  const lines: string[] = [];
  const stream = new Writable({
    write(chunk: Buffer, _encoding, done) {
      lines.push(chunk.toString());
      done();
    },
  });
  return { stream, text: () => lines.join('') };
}

describe('channel secrets never leave the server', () => {
  it('are absent from every answer and every log line, through creates, updates, bad input, conflicts, reads and deletes', async () => {
    const log = capture();
    f = await apiFixture({ logger: serverLoggerOptions({ level: 'trace', format: 'json', stream: log.stream }) });
    const answers: string[] = [];
    const call = async (method: 'GET' | 'POST' | 'PUT' | 'DELETE', url: string, payload?: unknown, headers: Record<string, string> = f.admin) => {
      const response = await f.call(method, url, payload, headers);
      answers.push(response.body);
      return response;
    };
    const webhookUrl = `https://hooks.example.com/${SECRETS.urlPath}?${SECRETS.urlQuery}`;
    const hook = (await call('POST', '/lucots/v1/alert-channels', { name: 'ops', settings: { type: 'webhook', url: webhookUrl, signingSecrets: [SECRETS.signing], headers: { authorization: SECRETS.header } } })).json();
    const generated = await call('POST', '/lucots/v1/alert-channels', { name: 'generated', settings: { type: 'webhook', url: webhookUrl } }, { ...f.admin, 'idempotency-key': 'k-1' });
    const generatedSecret = generated.json().signingSecret as string;
    expect(generatedSecret).toMatch(/^whsec_/);
    await call('POST', '/lucots/v1/alert-channels', { name: 'generated', settings: { type: 'webhook', url: webhookUrl } }, { ...f.admin, 'idempotency-key': 'k-1' });
    await call('POST', '/lucots/v1/alert-channels', { name: 'slack', settings: { type: 'slack', url: `https://hooks.slack.com/services/${SECRETS.slack}` } });
    await call('POST', '/lucots/v1/alert-channels', { name: 'teams', settings: { type: 'teams', url: `https://prod.logic.azure.com/workflows/x?${SECRETS.teams}` } });
    const mail = (await call('POST', '/lucots/v1/alert-channels', { name: 'mail', settings: email({ password: SECRETS.password }) })).json();
    // Refused: a duplicate, bad values next to good secrets, a retired Teams URL with a token, a password in plain text.
    await call('POST', '/lucots/v1/alert-channels', { name: 'ops', settings: { type: 'webhook', url: webhookUrl, signingSecrets: [SECRETS.signing] } });
    await call('POST', '/lucots/v1/alert-channels', { name: 'bad', settings: { type: 'webhook', url: webhookUrl, signingSecrets: [SECRETS.signing, 'whsec_short'], headers: { 'x-a': `${SECRETS.header}\n` } } });
    await call('POST', '/lucots/v1/alert-channels', { name: 'old teams', settings: { type: 'teams', url: `https://outlook.office.com/webhook/${SECRETS.teams}` } });
    await call('POST', '/lucots/v1/alert-channels', { name: 'plain', settings: email({ security: 'none', password: SECRETS.password }) });
    await call('POST', '/lucots/v1/alert-channels', { name: 'nul', settings: { type: 'webhook', url: `${webhookUrl}\u0000`, signingSecrets: [SECRETS.signing] } });
    await call('POST', '/lucots/v1/alert-channels', { name: 'reader', settings: { type: 'webhook', url: webhookUrl, signingSecrets: [SECRETS.signing] } }, f.reader);
    // Updates, a rotation, reads.
    await call('PUT', `/lucots/v1/alert-channels/${hook.channelId}`, { name: 'ops', settings: { type: 'webhook', signingSecrets: [SECRETS.signingNew, SECRETS.signing] } });
    await call('PUT', `/lucots/v1/alert-channels/${hook.channelId}`, { name: 'ops', settings: { type: 'webhook' } });
    await call('PUT', `/lucots/v1/alert-channels/${mail.channelId}`, { name: 'mail', settings: email({ password: undefined }) });
    await call('GET', '/lucots/v1/alert-channels');
    await call('GET', `/lucots/v1/alert-channels/${hook.channelId}`);
    await call('GET', `/lucots/v1/alert-channels/${mail.channelId}`);
    await call('POST', `/lucots/v1/alert-channels/${hook.channelId}/test`);
    await call('POST', '/lucots/v1/alert-rules', { name: 'r', channelIds: [hook.channelId, mail.channelId] });
    await call('GET', '/lucots/v1/alert-rules');
    await call('GET', '/lucots/v1/alerts');
    await call('DELETE', `/lucots/v1/alert-channels/${hook.channelId}`);

    const logs = log.text();
    expect(logs).toContain('/lucots/v1/alert-channels');
    expect(answers.length).toBeGreaterThan(20);
    const all = answers.join('\n');
    for (const secret of [...Object.values(SECRETS), generatedSecret.slice(6)]) {
      expect(logs, `a log line holds ${secret}`).not.toContain(secret);
      // The generated secret is in exactly one answer: the create that made it.
      if (secret !== generatedSecret.slice(6)) expect(all, `an answer holds ${secret}`).not.toContain(secret);
    }
    expect(answers.filter((answer) => answer.includes(generatedSecret.slice(6)))).toHaveLength(1);
    // The channel test waits up to 15 s for a sender's attempt; this app runs no sender, so it answers
    // `pending` after 15 s, and the default 20 s test timeout was a coin toss on a busy machine.
  }, 60_000);
});
