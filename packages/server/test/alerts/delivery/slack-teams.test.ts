import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import type { NotificationSender } from '../../../src/services/alerts/delivery/sender.js';
import { addChannel, createDeliveryFixture, type DeliveryFixture, queue, type Receiver, samplePayload, settled, startReceiver, startSender } from './support.js';

let fixture: DeliveryFixture;
let receiver: Receiver;
let sender: NotificationSender | undefined;
let replies: Array<{ status: number; body?: string; headers?: Record<string, string> }> = [];

beforeEach(async () => {
  fixture = await createDeliveryFixture();
  replies = [];
  receiver = await startReceiver((_, index) => replies[index] ?? { status: 200, body: 'ok' });
});

afterEach(async () => {
  await sender?.stop();
  sender = undefined;
  await receiver.close();
  await fixture.close();
});

describe('Slack', () => {
  it('posts text (always set, the notification fallback) and blocks with the summary, details, facts and a button to the slot', async () => {
    const channel = await addChannel(fixture.ctx, 'slack', { type: 'slack', url: `${receiver.url}/services/T000/B000/XXXXSECRET` });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx);
    expect((await settled(fixture.ctx, queued.id)).status).toBe('delivered');

    const request = receiver.requests[0]!;
    expect(request.path).toBe('/services/T000/B000/XXXXSECRET');
    expect(request.headers['content-type']).toBe('application/json');
    // Slack's incoming webhooks are not Standard Webhooks: no signature headers.
    expect(request.headers['webhook-signature']).toBeUndefined();
    const body = JSON.parse(request.body);
    expect(body.text).toBe('acme/sales 2026-11-27 is overdue: expected by 09:00 Europe/Paris, nothing delivered https://luco.example/ui/slots/42');
    expect(body.blocks).toEqual([
      { type: 'section', text: { type: 'mrkdwn', text: '*acme/sales 2026-11-27 is overdue: expected by 09:00 Europe/Paris, nothing delivered*' } },
      { type: 'section', text: { type: 'mrkdwn', text: '• Expected by 2026-11-27 09:00 (Europe/Paris).\n• Nothing was delivered; the latest run &lt;failed&gt; &amp; said "disk full".' } },
      {
        type: 'section',
        fields: [
          { type: 'mrkdwn', text: '*Sequence*\nclient=acme, feed=sales' },
          { type: 'mrkdwn', text: '*Slot*\n2026-11-27' },
          { type: 'mrkdwn', text: '*Expected by*\n2026-11-27 09:00 (Europe/Paris)' },
          { type: 'mrkdwn', text: '*State*\nOverdue' },
          { type: 'mrkdwn', text: '*Alert*\noverdue, open (rule "sales feeds")' },
          { type: 'mrkdwn', text: '*Latest run*\nFailed: disk full' },
        ],
      },
      { type: 'actions', elements: [{ type: 'button', text: { type: 'plain_text', text: 'Open the slot' }, url: 'https://luco.example/ui/slots/42' }] },
    ]);
  });

  it.each([
    [404, 'channel_not_found'],
    [410, 'channel_is_archived'],
    [403, 'action_prohibited'],
    [400, 'invalid_payload'],
  ])("Slack's %i %s is dead at once", async (status, reason) => {
    replies = [{ status, body: reason }];
    const channel = await addChannel(fixture.ctx, 'slack', { type: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx);
    const row = await settled(fixture.ctx, queued.id);
    expect(row).toMatchObject({ status: 'dead', attempts: 1, last_status_code: status });
    expect(row.last_error).toBe(`HTTP ${status} from ${receiver.host}: ${reason}; a permanent failure, not retried`);
  });

  it("Slack's 429 is retried after its Retry-After", async () => {
    replies = [{ status: 429, body: 'rate_limited', headers: { 'retry-after': '1' } }];
    const channel = await addChannel(fixture.ctx, 'slack', { type: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx, { retryDelaysMs: [50] });
    const row = await settled(fixture.ctx, queued.id);
    expect(row).toMatchObject({ status: 'delivered', attempts: 2 });
    expect(receiver.requests[1]!.receivedAt - receiver.requests[0]!.receivedAt).toBeGreaterThanOrEqual(950);
  });

  it('a notification without a slot (a test) has no button', async () => {
    const channel = await addChannel(fixture.ctx, 'slack', { type: 'slack', url: `${receiver.url}/services/T000/B000/XXXX` });
    const payload = samplePayload('Test notification');
    payload.data.slot = null;
    const queued = await queue(fixture.ctx, channel.id, payload);
    sender = startSender(fixture.ctx);
    await settled(fixture.ctx, queued.id);
    const body = JSON.parse(receiver.requests[0]!.body);
    expect(body.text).toBe('Test notification');
    expect(body.blocks.some((block: { type: string }) => block.type === 'actions')).toBe(false);
  });
});

describe('Microsoft Teams (workflow webhook)', () => {
  it('posts a message with one Adaptive Card: TextBlocks, a FactSet and an OpenUrl action to the slot', async () => {
    replies = [{ status: 202 }];
    const channel = await addChannel(fixture.ctx, 'teams', { type: 'teams', url: `${receiver.url}/workflows/abc/triggers/manual/paths/invoke?api-version=1&sig=SECRETSIG` });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx);
    expect((await settled(fixture.ctx, queued.id)).status).toBe('delivered');

    const body = JSON.parse(receiver.requests[0]!.body);
    expect(body.type).toBe('message');
    expect(body.attachments).toHaveLength(1);
    const attachment = body.attachments[0];
    expect(attachment.contentType).toBe('application/vnd.microsoft.card.adaptive');
    const card = attachment.content;
    expect(card).toMatchObject({ type: 'AdaptiveCard', version: '1.2', $schema: 'http://adaptivecards.io/schemas/adaptive-card.json' });
    expect(card.body[0]).toEqual({ type: 'TextBlock', text: 'acme/sales 2026-11-27 is overdue: expected by 09:00 Europe/Paris, nothing delivered', weight: 'Bolder', size: 'Medium', wrap: true });
    expect(card.body[1]).toMatchObject({ type: 'TextBlock', text: 'Expected by 2026-11-27 09:00 (Europe/Paris).' });
    const factSet = card.body.find((element: { type: string }) => element.type === 'FactSet');
    expect(factSet.facts).toContainEqual({ title: 'Slot', value: '2026-11-27' });
    expect(factSet.facts).toContainEqual({ title: 'State', value: 'Overdue' });
    expect(card.actions).toEqual([{ type: 'Action.OpenUrl', title: 'Open the slot', url: 'https://luco.example/ui/slots/42' }]);
  });

  it('a retired connector URL saved around the API is dead at once, without a request', async () => {
    const channel = await addChannel(fixture.ctx, 'old teams', { type: 'teams', url: 'https://contoso.webhook.office.com/webhookb2/abc' });
    const queued = await queue(fixture.ctx, channel.id);
    sender = startSender(fixture.ctx);
    const row = await settled(fixture.ctx, queued.id);
    expect(row.status).toBe('dead');
    expect(row.last_error).toContain('retired Office 365 connector');
  });
});
