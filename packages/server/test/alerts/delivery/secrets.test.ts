import type { AddressInfo } from 'node:net';
import { SMTPServer } from 'smtp-server';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { sendTest } from '../../../src/services/alerts/delivery/test-send.js';
import { addChannel, captureLog, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, SECRET_A, SECRET_B, settled, startReceiver, startSender } from './support.js';

/**
 * Secrets (URL paths and queries that carry tokens, signing secrets, SMTP passwords) never reach
 * the log, the attempt records or anything an API could return, through a whole delivery cycle
 * with failures of every kind, including receivers that echo the URL back.
 */

const PATH_SECRET = 'T0KEN-PATH-SECRET';
const QUERY_SECRET = 'QUERY-SECRET-123';
const SLACK_SECRET = 'SLACKSECRETXYZ';
const TEAMS_SECRET = 'TEAMSSIGSECRET';
const GUARD_SECRET = 'GUARDPATHSECRET';
const SMTP_PASSWORD = 'smtp-pa55word-secret';

let fixture: DeliveryFixture;
let receivers: Receiver[] = [];
let smtp: SMTPServer | undefined;
let sender: NotificationSender | undefined;

beforeEach(async () => {
  fixture = await createDeliveryFixture();
});

afterEach(async () => {
  await sender?.stop();
  await Promise.all(receivers.map((receiver) => receiver.close()));
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  await fixture.close();
  receivers = [];
  smtp = undefined;
  sender = undefined;
});

it('a log capture of a full delivery cycle, the attempt log and the test answer hold no secret', async () => {
  const echoing = await startReceiver((request, index) =>
    index === 0 ? { status: 500, body: `cannot handle ${request.path}` } : index === 1 ? { status: 302, headers: { location: `${request.path}/moved` } } : { status: 410, body: `gone: ${request.path}` },
  );
  const slack = await startReceiver((request) => ({ status: 404, body: `channel_not_found for ${request.path}` }));
  const unreachable = await startReceiver();
  await unreachable.close();
  receivers.push(echoing, slack);
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    allowInsecureAuth: true,
    onAuth: (auth, _session, callback) => callback(Object.assign(new Error(`refused ${auth.username}`), { responseCode: 535 })),
  });
  await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
  const smtpPort = (smtp.server.address() as AddressInfo).port;

  const hook = await addChannel(fixture.ctx, 'hook', { type: 'webhook', url: `${echoing.url}/hooks/${PATH_SECRET}?token=${QUERY_SECRET}`, signingSecrets: [SECRET_A, SECRET_B], headers: {} });
  const slackChannel = await addChannel(fixture.ctx, 'slack', { type: 'slack', url: `${slack.url}/services/T000/B000/${SLACK_SECRET}` });
  const teams = await addChannel(fixture.ctx, 'teams', { type: 'teams', url: `${unreachable.url}/workflows/x/invoke?api-version=1&sig=${TEAMS_SECRET}` });
  const guarded = await addChannel(fixture.ctx, 'guarded', { type: 'webhook', url: `https://10.0.0.1/${GUARD_SECRET}`, signingSecrets: [SECRET_A], headers: {} });
  const mail = await addChannel(fixture.ctx, 'mail', { type: 'email', host: '127.0.0.1', port: smtpPort, security: 'none', username: 'luco', password: SMTP_PASSWORD, from: 'a@luco.example', to: ['b@acme.example'] });

  const log = captureLog();
  sender = startSender(fixture.ctx, { log, maxAttempts: 3, retryDelaysMs: [100] });
  const queued = [];
  for (const channel of [hook, slackChannel, teams, guarded, mail]) queued.push(await queue(fixture.ctx, channel.id));
  const rows = [];
  for (const item of queued) rows.push(await settled(fixture.ctx, item.id));
  const tests = [await sendTest(fixture.ctx, hook), await sendTest(fixture.ctx, slackChannel), await sendTest(fixture.ctx, mail)];

  expect(rows.map((row) => row.status)).toEqual(['dead', 'dead', 'dead', 'dead', 'dead']);
  expect(tests.map((test) => test.status)).toEqual(['failed', 'failed', 'failed']);
  // The receivers did get the secret URLs (so they were there to leak) ...
  expect(echoing.requests[0]!.path).toContain(PATH_SECRET);
  // ... and the log says what happened.
  expect(log.lines.filter((line) => line.message.includes('is dead'))).toHaveLength(8);
  expect(log.text()).toContain('HTTP 500 from');
  expect(log.text()).toContain('redirected (302)');

  const attempts = await fixture.ctx.db.selectFrom('notification_attempts').selectAll().execute();
  const notifications = await fixture.ctx.db.selectFrom('notifications').select(['last_error', 'last_status_code', 'status']).execute();
  const everything = [log.text(), JSON.stringify(attempts), JSON.stringify(notifications), JSON.stringify(tests)].join('\n');
  expect(everything).toContain('[redacted]');
  for (const secret of [PATH_SECRET, QUERY_SECRET, SLACK_SECRET, TEAMS_SECRET, GUARD_SECRET, SMTP_PASSWORD, SECRET_A, SECRET_B, SECRET_A.slice(6), SECRET_B.slice(6)]) {
    expect(everything, `"${secret}" leaked`).not.toContain(secret);
  }
});
