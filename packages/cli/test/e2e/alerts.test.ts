import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import Database from 'better-sqlite3';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { isolatedEnv, luco, lucoJson, removeHomes } from '../support/luco.js';
import { startServer, type TestServer } from '../support/server.js';

/** `luco alerts` with the real luco and luco-server binaries (SQLite in a temporary folder). */
let server: TestServer;
let env: NodeJS.ProcessEnv;

const secret = (fill: number) => `whsec_${Buffer.alloc(32, fill).toString('base64')}`;

interface ChannelJson {
  channelId: number;
  name: string;
  enabled: boolean;
  type: string;
  settings: Record<string, unknown>;
  signingSecret?: string;
}

async function file(name: string, content: string): Promise<string> {
  const path = join(server.folder, name);
  await writeFile(path, content);
  return path;
}

beforeAll(async () => {
  // Channels may point at a receiver on this machine (the server refuses loopback targets by default).
  server = await startServer(['--alert-targets', 'loopback']);
  env = isolatedEnv(server.lucoEnv());
  await server.sdk.submitSlotSequences([{ name: { client: 'acme', feed: 'adhoc' } }, { name: { client: 'beta', feed: 'adhoc' } }]);
}, 30_000);

afterAll(async () => {
  removeHomes();
  await server?.stop();
});

describe('luco alerts channels', () => {
  it('create a webhook: without a secret the server makes one, shown once on stdout; answers and listings never show the URL path', async () => {
    const created = await luco(['alerts', 'channels', 'create', '--name', 'ops', '--type', 'webhook', '--url', 'https://hooks.example.com/luco/pathtoken'], { env });
    expect(created.code, created.stderr).toBe(0);
    const generated = /signingSecret {2}(whsec_\S+)\n/.exec(created.stdout)?.[1];
    expect(generated).toMatch(/^whsec_[A-Za-z0-9+/]{43}=$/);
    expect(created.stdout).toContain('https://hooks.example.com/…');
    expect(created.stderr).toContain('shown once');
    expect(created.stdout).not.toContain('pathtoken');

    const shown = await lucoJson<ChannelJson>(['alerts', 'channels', 'show', 'ops'], { env });
    expect(shown).toMatchObject({ name: 'ops', type: 'webhook', enabled: true, settings: { redactedUrl: 'https://hooks.example.com/…', signingSecrets: { count: 1 } } });
    const listed = await luco(['alerts', 'channels', 'list', '--json'], { env });
    expect(listed.stdout).not.toContain('pathtoken');
    expect(listed.stdout).not.toContain(generated!.slice(6));
  });

  it('secrets come from stdin or files: two signing secrets (a rotation), a URL file, an SMTP password; --url with a token warns', async () => {
    const urlFile = await file('hook-url.txt', 'https://hooks.example.com/two?token=query-token\n');
    const withTwo = await lucoJson<ChannelJson>(['alerts', 'channels', 'create', '--name', 'two', '--type', 'webhook', '--url-file', urlFile, '--signing-secret-stdin'], { env, input: `${secret(1)}\n${secret(2)}\n` });
    expect(withTwo.settings).toMatchObject({ redactedUrl: 'https://hooks.example.com/…', signingSecrets: { count: 2 } });
    expect(withTwo.signingSecret).toBeUndefined();

    const slack = await luco(['alerts', 'channels', 'create', '--name', 'slack', '--type', 'slack', '--url', 'https://hooks.slack.com/services/T0/B0/slacktoken', '--json'], { env });
    expect(slack.code).toBe(0);
    expect(slack.stderr).toContain('stays in your shell history');
    expect(slack.stdout).not.toContain('slacktoken');

    const mail = await lucoJson<ChannelJson>(
      ['alerts', 'channels', 'create', '--name', 'mail', '--type', 'email', '--host', 'smtp.example.com', '--port', '587', '--security', 'starttls', '--username', 'luco', '--password-stdin', '--from', 'luco@example.com', '--to', 'ops@example.com,data@example.com'],
      { env, input: 'smtp-pass-w0rd\n' },
    );
    expect(mail.settings).toEqual({ type: 'email', host: 'smtp.example.com', port: 587, security: 'starttls', username: 'luco', passwordSet: true, from: 'luco@example.com', to: ['ops@example.com', 'data@example.com'] });
    const noPassword = await lucoJson<ChannelJson>(['alerts', 'channels', 'update', 'mail', '--no-password', '--no-username', '--security', 'none', '--port', '25'], { env });
    expect(noPassword.settings).toMatchObject({ passwordSet: false, username: null, security: 'none', port: 25, host: 'smtp.example.com', to: ['ops@example.com', 'data@example.com'] });
  });

  it('update keeps the secrets it is not given; a rotation is a new list from a file', async () => {
    const before = await lucoJson<ChannelJson>(['alerts', 'channels', 'show', 'two'], { env });
    const disabled = await lucoJson<ChannelJson>(['alerts', 'channels', 'update', 'two', '--disable'], { env });
    expect(disabled.enabled).toBe(false);
    expect(disabled.settings).toEqual(before.settings);
    const rotated = await lucoJson<ChannelJson>(['alerts', 'channels', 'update', String(before.channelId), '--enable', '--signing-secret-file', await file('next.txt', `${secret(3)}\n`)], { env });
    expect(rotated).toMatchObject({ enabled: true, settings: { signingSecrets: { count: 1 }, redactedUrl: 'https://hooks.example.com/…' } });
  });

  it('a JSON file (-f) is the whole channel; flags override it', async () => {
    const path = await file('teams.json', JSON.stringify({ name: 'from file', settings: { type: 'teams', url: 'https://prod.logic.azure.com/workflows/abc?sig=teamssig' } }));
    const created = await lucoJson<ChannelJson>(['alerts', 'channels', 'create', '-f', path, '--name', 'teams'], { env });
    expect(created).toMatchObject({ name: 'teams', type: 'teams', settings: { redactedUrl: 'https://prod.logic.azure.com/…' } });
  });

  it('a test send reports how its attempt went: delivered (exit 0) to a receiver that takes it, failed (exit 1) with the status of one that refuses it', async () => {
    const answers = [204, 500];
    const received: Array<{ headers: Record<string, unknown>; body: string }> = [];
    const receiver = createServer((request, response) => {
      let body = '';
      request.on('data', (chunk: Buffer) => (body += chunk.toString()));
      request.on('end', () => {
        received.push({ headers: request.headers, body });
        response.writeHead(answers[received.length - 1] ?? 500).end();
      });
    });
    await new Promise<void>((resolve) => receiver.listen(0, '127.0.0.1', resolve));
    try {
      const url = `http://127.0.0.1:${(receiver.address() as AddressInfo).port}/hook`;
      const created = await luco(['alerts', 'channels', 'create', '--name', 'local', '--type', 'webhook', '--url', url], { env });
      expect(created.code, created.stderr).toBe(0);
      const delivered = await luco(['alerts', 'channels', 'test', 'local'], { env });
      expect(delivered.code, delivered.stderr).toBe(0);
      expect(delivered.stdout).toMatch(/delivered/i);
      expect(received[0]!.headers['webhook-signature']).toMatch(/^v1,/);
      expect(JSON.parse(received[0]!.body).type).toBe('channel.test');
      const refused = await luco(['alerts', 'channels', 'test', 'local'], { env });
      expect(refused.code).toBe(1);
      expect(`${refused.stdout}${refused.stderr}`).toContain('500');
    } finally {
      receiver.close();
    }
  });

  it('bad input: usage errors exit 2 before any request, the server\'s 400 exits 1 naming the field, unknown names exit 3', async () => {
    const usage = [
      ['alerts', 'channels', 'create', '--name', 'x'],
      ['alerts', 'channels', 'create', '--name', 'x', '--type', 'sms'],
      ['alerts', 'channels', 'create', '--name', 'x', '--type', 'webhook', '--port', '25'],
      ['alerts', 'channels', 'create', '--name', 'x', '--type', 'webhook', '--url-file', '-', '--signing-secret-stdin'],
      ['alerts', 'channels', 'create', '--name', 'x', '--type', 'email', '--port', '0'],
      ['alerts', 'channels', 'update', 'ops', '--enable', '--disable'],
    ];
    for (const args of usage) expect((await luco(args, { env })).code, args.join(' ')).toBe(2);
    const teams = await luco(['alerts', 'channels', 'create', '--name', 'old', '--type', 'teams', '--url-file', '-'], { env, input: 'https://outlook.office.com/webhook/abc\n' });
    expect(teams.code).toBe(1);
    expect(teams.stderr).toContain('settings.url');
    const badSecret = await luco(['alerts', 'channels', 'create', '--name', 'x', '--type', 'webhook', '--url', 'https://hooks.example.com/x', '--signing-secret-stdin'], { env, input: 'whsec_tooshort\n' });
    expect(badSecret.code).toBe(1);
    expect(badSecret.stderr).toContain('settings.signingSecrets[0]');
    expect(badSecret.stderr).not.toContain('tooshort');
    expect((await luco(['alerts', 'channels', 'show', 'nobody'], { env })).code).toBe(3);
    expect((await luco(['alerts', 'channels', 'show', '999'], { env })).code).toBe(3);
  });

  it('a reader may not manage channels or rules (exit 4)', async () => {
    const readerEnv = isolatedEnv(server.lucoEnv(await server.createClient('reader')));
    expect((await luco(['alerts', 'channels', 'list'], { env: readerEnv })).code).toBe(4);
    expect((await luco(['alerts', 'rules', 'list'], { env: readerEnv })).code).toBe(4);
    expect((await luco(['alerts', 'list'], { env: readerEnv })).code).toBe(0);
  });
});

interface RuleJson {
  ruleId: number;
  name: string;
  enabled: boolean;
  filter: { name: Array<{ key: string; value: string }>; types: string[]; cadences: string[] };
  events: string[];
  graceSeconds: number;
  reminderSeconds: number | null;
  mute: Array<{ days: string[]; start: string; end: string; timeZone: string }>;
  channelIds: number[];
  channels: Array<{ name: string }>;
}

describe('luco alerts rules', () => {
  it('create from flags, show, update a part, and delete', async () => {
    const created = await lucoJson<RuleJson>(
      ['alerts', 'rules', 'create', '--name', 'late-sales', '--sequence', 'client=acme,feed=*', '--events', 'overdue,failed', '--grace', '15m', '--reminder', '1h', '--mute', 'Sat,Sun 00:00-23:59 Europe/London', '--channel', 'ops', '--channel', 'slack'],
      { env },
    );
    expect(created).toMatchObject({
      name: 'late-sales',
      enabled: true,
      filter: { name: [{ key: 'client', value: 'acme' }, { key: 'feed', value: '*' }], types: [], cadences: [] },
      events: ['overdue', 'failed'],
      graceSeconds: 900,
      reminderSeconds: 3600,
      mute: [{ days: ['Sat', 'Sun'], start: '00:00', end: '23:59', timeZone: 'Europe/London' }],
    });
    expect(created.channels.map((channel) => channel.name).sort()).toEqual(['ops', 'slack']);

    const table = await luco(['alerts', 'rules', 'show', 'late-sales'], { env });
    expect(table.stdout).toMatch(/grace\s+15m/);
    expect(table.stdout).toMatch(/mute\s+Sat,Sun 00:00-23:59 Europe\/London/);

    const updated = await lucoJson<RuleJson>(['alerts', 'rules', 'update', 'late-sales', '--grace', '30m', '--reminder', 'none', '--no-mute', '--channel', 'ops', '--disable'], { env });
    expect(updated).toMatchObject({ ruleId: created.ruleId, enabled: false, graceSeconds: 1800, reminderSeconds: null, mute: [], events: ['overdue', 'failed'], filter: created.filter, channels: [{ name: 'ops' }] });

    const list = await luco(['alerts', 'rules', 'list'], { env });
    expect(list.stdout).toMatch(/late-sales\s+no\s+client=acme,feed=\*\s+overdue,failed\s+30m/);
  });

  it('-f takes the rule as JSON (what `rules show --json` prints, edited); update -f replaces the rule', async () => {
    const path = await file('rule.json', JSON.stringify({ name: 'weekday feeds', filter: { cadences: ['weekdays'] }, events: ['overdue'], mute: [{ start: '22:00', end: '06:00', timeZone: 'UTC' }] }));
    const created = await lucoJson<RuleJson>(['alerts', 'rules', 'create', '-f', path], { env });
    expect(created).toMatchObject({ name: 'weekday feeds', filter: { cadences: ['weekdays'] }, mute: [{ days: [], start: '22:00', end: '06:00' }], channelIds: [] });
    const shown = await luco(['alerts', 'rules', 'show', String(created.ruleId), '--json'], { env });
    const edited = { ...(JSON.parse(shown.stdout) as RuleJson), graceSeconds: 120 };
    const replaced = await lucoJson<RuleJson>(['alerts', 'rules', 'update', 'weekday feeds', '-f', await file('edited.json', JSON.stringify(edited))], { env });
    expect(replaced).toMatchObject({ ruleId: created.ruleId, graceSeconds: 120, mute: created.mute });
    const deleted = await luco(['alerts', 'rules', 'delete', 'weekday feeds'], { env });
    expect(deleted.code).toBe(0);
    expect((await luco(['alerts', 'rules', 'show', String(created.ruleId)], { env })).code).toBe(3);
  });

  it('bad rules: usage errors exit 2, unknown channels 3, the server\'s 400 and 409 exit 1', async () => {
    expect((await luco(['alerts', 'rules', 'create', '--name', 'r', '--grace', '5x'], { env })).code).toBe(2);
    expect((await luco(['alerts', 'rules', 'create', '--name', 'r', '--events', 'late'], { env })).code).toBe(2);
    expect((await luco(['alerts', 'rules', 'create', '--name', 'r', '--mute', 'sometimes'], { env })).code).toBe(2);
    expect((await luco(['alerts', 'rules', 'create', '--events', 'overdue'], { env })).code).toBe(2);
    expect((await luco(['alerts', 'rules', 'create', '--name', 'r', '--channel', 'nobody'], { env })).code).toBe(3);
    const zone = await luco(['alerts', 'rules', 'create', '--name', 'r', '--mute', '22:00-06:00 Mars/Base'], { env });
    expect(zone.code).toBe(1);
    expect(zone.stderr).toContain('mute[0].timeZone');
    const taken = await luco(['alerts', 'rules', 'create', '--name', 'late-sales'], { env });
    expect(taken.code).toBe(1);
    expect(taken.stderr).toContain('ConflictError');
    const inUse = await luco(['alerts', 'channels', 'delete', 'ops'], { env });
    expect(inUse.code).toBe(1);
    expect(inUse.stderr).toContain('late-sales');
  });
});

describe('luco alerts list / show', () => {
  let ids: { open: number; resolved: number; beta: number };

  beforeAll(async () => {
    const rules = await lucoJson<RuleJson[]>(['alerts', 'rules', 'list'], { env });
    const rule = rules.find((one) => one.name === 'late-sales')!;
    const acmeSlot = await server.sdk.findSlotId('batch-1', { client: 'acme', feed: 'adhoc' });
    const betaSlot = await server.sdk.findSlotId('batch-1', { client: 'beta', feed: 'adhoc' });
    const ops = rule.channelIds[0]!;
    // This server runs no deadline engine: the rows are written as the engine and the sender
    // write them (states they never move on from: open without reminders, resolved, cancelled).
    const db = new Database(server.db);
    try {
      db.pragma('busy_timeout = 5000');
      const at = (iso: string) => Date.parse(iso);
      const insertAlert = db.prepare(
        'insert into alerts (rule_id, slot_id, state, kind, fire_after, opened_on, resolved_on, last_notified_on, next_reminder_on, created_on, updated_on) values (?, ?, ?, ?, ?, ?, ?, ?, null, ?, ?) returning id',
      );
      const alert = (slot: number, state: string, kind: string, created: string, opened: string | null, resolved: string | null) =>
        (insertAlert.get(rule.ruleId, slot, state, kind, at(created), opened && at(opened), resolved && at(resolved), opened && at(opened), at(created), at(resolved ?? opened ?? created)) as { id: number }).id;
      // In the order the engine would have made them (the list is newest first by id).
      const resolved = alert(acmeSlot, 'resolved', 'overdue', '2026-12-01T09:00:00Z', '2026-12-01T09:00:00Z', '2026-12-01T09:47:00Z');
      const beta = alert(betaSlot, 'cancelled', 'overdue', '2026-12-02T09:00:00Z', null, '2026-12-02T09:05:00Z');
      const open = alert(acmeSlot, 'open', 'failed', '2026-12-03T08:10:00Z', '2026-12-03T08:10:00Z', null);
      const notification = db
        .prepare(
          "insert into notifications (message_id, alert_id, channel_id, event, payload_json, status, attempts, next_attempt_on, claimed_until, last_error, last_status_code, created_on, delivered_on) values ('msg_cli0000000000000000000000000001', ?, ?, 'opened', '{}', 'delivered', 2, ?, null, null, 204, ?, ?) returning id",
        )
        .get(open, ops, at('2026-12-03T08:10:00Z'), at('2026-12-03T08:10:00Z'), at('2026-12-03T08:10:07Z')) as { id: number };
      const attempt = db.prepare('insert into notification_attempts (notification_id, attempted_on, duration_ms, status_code, error) values (?, ?, ?, ?, ?)');
      attempt.run(notification.id, at('2026-12-03T08:10:01Z'), 30_000, null, 'timed out after 30 s');
      attempt.run(notification.id, at('2026-12-03T08:10:07Z'), 12, 204, null);
      ids = { open, resolved, beta };
    } finally {
      db.close();
    }
  });

  it('lists newest first as a table, or JSON Lines with --json; filters by state, sequence parts and time', async () => {
    const table = await luco(['alerts', 'list'], { env });
    expect(table.code).toBe(0);
    const lines = table.stdout.trim().split('\n');
    expect(lines[0]).toMatch(/^\s*id\s+state\s+kind\s+rule\s+sequence\s+tag\s+expectedBy\s+opened\s+resolved$/);
    expect(lines.slice(1).map((line) => line.trim().split(/\s+/).slice(0, 5))).toEqual([
      [String(ids.open), 'open', 'failed', 'late-sales', 'client=acme,feed=adhoc'],
      [String(ids.beta), 'cancelled', 'overdue', 'late-sales', 'client=beta,feed=adhoc'],
      [String(ids.resolved), 'resolved', 'overdue', 'late-sales', 'client=acme,feed=adhoc'],
    ]);
    const jsonLines = await luco(['alerts', 'list', '--json', '--page-size', '1'], { env });
    const rows = jsonLines.stdout.trim().split('\n').map((line) => JSON.parse(line) as { alertId: number; slotSequence: { name: Record<string, string> } });
    expect(rows.map((row) => row.alertId)).toEqual([ids.open, ids.beta, ids.resolved]);
    expect(rows[0]!.slotSequence.name).toEqual({ client: 'acme', feed: 'adhoc' });

    const ids_ = async (args: string[]) => (await luco(['alerts', 'list', '--json', ...args], { env })).stdout.trim().split('\n').filter(Boolean).map((line) => (JSON.parse(line) as { alertId: number }).alertId);
    expect(await ids_(['--state', 'open'])).toEqual([ids.open]);
    expect(await ids_(['--state', 'resolved', '--state', 'cancelled'])).toEqual([ids.beta, ids.resolved]);
    expect(await ids_(['--sequence', 'client=acme,feed=*'])).toEqual([ids.open, ids.resolved]);
    expect(await ids_(['--sequence', 'client=b*'])).toEqual([ids.beta]);
    expect(await ids_(['--since', '2026-12-02', '--until', '2026-12-02'])).toEqual([ids.beta]);
    expect(await ids_(['--kind', 'failed', '--limit', '5'])).toEqual([ids.open]);
    const none = await luco(['alerts', 'list', '--state', 'pending'], { env });
    expect(none.stderr).toContain('No alerts match.');
    expect((await luco(['alerts', 'list', '--state', 'closed'], { env })).code).toBe(2);
    expect((await luco(['alerts', 'list', '--since', 'yesterday'], { env })).code).toBe(2);
  });

  it('show: the alert, its notifications and their delivery log', async () => {
    const shown = await luco(['alerts', 'show', String(ids.open)], { env });
    expect(shown.code).toBe(0);
    expect(shown.stdout).toMatch(/state\s+open/);
    expect(shown.stdout).toMatch(/sequence\s+client=acme,feed=adhoc/);
    expect(shown.stdout).toMatch(/opened\s+ops \(webhook\)\s+delivered\s+2\s+204/);
    expect(shown.stdout).toContain('2026-12-03T08:10:01.000Z  -  30000 ms  timed out after 30 s');
    expect(shown.stdout).toContain('2026-12-03T08:10:07.000Z  204  12 ms');
    const json = await lucoJson<{ notifications: Array<{ deliveryLog: unknown[] }> }>(['alerts', 'show', String(ids.open)], { env });
    expect(json.notifications[0]!.deliveryLog).toHaveLength(2);
    expect((await luco(['alerts', 'show', '99999'], { env })).code).toBe(3);
    expect((await luco(['alerts', 'show', 'x'], { env })).code).toBe(2);
  });
});
