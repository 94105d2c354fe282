import type { AddressInfo } from 'node:net';
import { SMTPServer, type SMTPServerOptions } from 'smtp-server';
import { afterEach, beforeEach, expect, it } from 'vitest';
import type { EmailSettings } from '../../../src/domain/alerts/channel.js';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { parseAlertTargets } from '../../../src/services/alerts/delivery/target/policy.js';
import { NotificationRepository } from '../../../src/storage/repositories/alerts/notifications.js';
import { addChannel, createDeliveryFixture, type DeliveryFixture, queue, settled, startSender } from './support.js';

/** A real SMTP server (smtp-server) on loopback, receiving what the sender sends through nodemailer. */

interface Received {
  from: string;
  to: string[];
  raw: string;
  user: string | undefined;
}

let fixture: DeliveryFixture;
let smtp: SMTPServer | undefined;
let sender: NotificationSender | undefined;

beforeEach(async () => {
  fixture = await createDeliveryFixture();
});

afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  await new Promise<void>((resolve) => (smtp ? smtp.close(() => resolve()) : resolve()));
  smtp = undefined;
  await fixture.close();
});

async function startSmtp(options: Partial<SMTPServerOptions> = {}): Promise<{ port: number; received: Received[] }> {
  const received: Received[] = [];
  smtp = new SMTPServer({
    logger: false,
    disabledCommands: ['STARTTLS'],
    authOptional: true,
    allowInsecureAuth: true,
    onAuth(auth, _session, callback) {
      if (auth.username === 'luco' && auth.password === 'smtp-pa55word') callback(null, { user: auth.username });
      else callback(Object.assign(new Error('Invalid username or password'), { responseCode: 535 }));
    },
    onData(stream, session, callback) {
      const chunks: Buffer[] = [];
      stream.on('data', (chunk: Buffer) => chunks.push(chunk));
      stream.on('end', () => {
        received.push({
          from: session.envelope.mailFrom ? session.envelope.mailFrom.address : '',
          to: session.envelope.rcptTo.map((rcpt) => rcpt.address),
          raw: Buffer.concat(chunks).toString('utf8'),
          user: session.user as string | undefined,
        });
        callback();
      });
    },
    ...options,
  });
  await new Promise<void>((resolve) => smtp!.listen(0, '127.0.0.1', resolve));
  return { port: (smtp.server.address() as AddressInfo).port, received };
}

const settingsFor = (port: number, overrides: Partial<EmailSettings> = {}): EmailSettings => ({
  type: 'email',
  host: '127.0.0.1',
  port,
  security: 'none',
  username: 'luco',
  password: 'smtp-pa55word',
  from: 'LucoTS <alerts@luco.example>',
  to: ['ops@acme.example', 'data@acme.example'],
  ...overrides,
});

/** The decoded text of a quoted-printable or 7bit MIME part. */
function decodeQuotedPrintable(text: string): string {
  return text.replace(/=\r?\n/g, '').replace(/=([0-9A-F]{2})/g, (_, hex: string) => String.fromCharCode(parseInt(hex, 16)));
}

it('sends the e-mail: the summary as subject, the details and the link in text and HTML', async () => {
  const { port, received } = await startSmtp();
  const channel = await addChannel(fixture.ctx, 'mail', settingsFor(port));
  const queued = await queue(fixture.ctx, channel.id);
  sender = startSender(fixture.ctx);

  const row = await settled(fixture.ctx, queued.id);
  expect(row.status).toBe('delivered');
  expect(row.last_status_code).toBe(250);
  expect(received).toHaveLength(1);
  const mail = received[0]!;
  expect(mail.user).toBe('luco');
  expect(mail.from).toBe('alerts@luco.example');
  expect(mail.to).toEqual(['ops@acme.example', 'data@acme.example']);
  const decoded = decodeQuotedPrintable(mail.raw);
  // Long header lines are folded; unfolded, the subject is the summary.
  expect(decoded.replace(/\r?\n[ \t]+/g, ' ')).toMatch(/^Subject: acme\/sales 2026-11-27 is overdue: expected by 09:00 Europe\/Paris, nothing delivered\r?$/m);
  expect(decoded).toContain(`Message-ID: <${queued.messageId}@lucots.alerts>`);
  expect(decoded).toContain('Content-Type: text/plain');
  expect(decoded).toContain('Expected by 2026-11-27 09:00 (Europe/Paris).');
  expect(decoded).toContain('Open the slot: https://luco.example/ui/slots/42');
  expect(decoded).toContain('Content-Type: text/html');
  expect(decoded).toContain('<a href="https://luco.example/ui/slots/42">Open the slot</a>');
  // Text from the payload is escaped in the HTML part.
  expect(decoded).toContain('the latest run &lt;failed&gt; &amp; said &quot;disk full&quot;.');
});

it('an address the server refuses for good (550) is dead at once', async () => {
  const { port, received } = await startSmtp({
    onRcptTo(address, _session, callback) {
      callback(Object.assign(new Error(`mailbox ${address.address} unavailable`), { responseCode: 550 }));
    },
  });
  const channel = await addChannel(fixture.ctx, 'mail', settingsFor(port, { to: ['nobody@acme.example'] }));
  const queued = await queue(fixture.ctx, channel.id);
  sender = startSender(fixture.ctx);

  const row = await settled(fixture.ctx, queued.id);
  expect(row).toMatchObject({ status: 'dead', attempts: 1, last_status_code: 550 });
  expect(row.last_error).toContain('SMTP 550 from 127.0.0.1');
  expect(received).toHaveLength(0);
});

it('a temporary refusal (451) is retried, then delivered', async () => {
  let refusals = 0;
  const { port, received } = await startSmtp({
    onRcptTo(_address, _session, callback) {
      if (refusals++ === 0) callback(Object.assign(new Error('try again later'), { responseCode: 451 }));
      else callback();
    },
  });
  const channel = await addChannel(fixture.ctx, 'mail', settingsFor(port, { to: ['ops@acme.example'] }));
  const queued = await queue(fixture.ctx, channel.id);
  sender = startSender(fixture.ctx);

  const row = await settled(fixture.ctx, queued.id);
  expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
  const attempts = await new NotificationRepository(fixture.ctx.db).attempts(queued.id);
  expect(attempts[0]!.status_code).toBe(451);
  expect(received).toHaveLength(1);
});

it('refused credentials are dead at once, and the password is nowhere in the record', async () => {
  const { port } = await startSmtp();
  const channel = await addChannel(fixture.ctx, 'mail', settingsFor(port, { password: 'wrong-pa55word' }));
  const queued = await queue(fixture.ctx, channel.id);
  sender = startSender(fixture.ctx);

  const row = await settled(fixture.ctx, queued.id);
  expect(row).toMatchObject({ status: 'dead', last_status_code: 535 });
  expect(row.last_error).not.toContain('wrong-pa55word');
});

it('the target guard covers SMTP: a loopback server is refused unless allowed', async () => {
  const { port, received } = await startSmtp();
  const channel = await addChannel(fixture.ctx, 'mail', settingsFor(port));
  const queued = await queue(fixture.ctx, channel.id);
  sender = startSender(fixture.ctx, { policy: parseAlertTargets(undefined) });

  const row = await settled(fixture.ctx, queued.id);
  expect(row.status).toBe('dead');
  expect(row.last_error).toContain('127.0.0.1 is a loopback address, refused by default');
  expect(received).toHaveLength(0);
});
