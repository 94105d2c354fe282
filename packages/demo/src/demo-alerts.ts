import type { Alert, LucoApi } from '@lucots/sdk';
import type { AlertReceiver, ReceivedAlert } from './alert-receiver.js';
import { displayName } from './demo-sequences.js';
import type { Style } from './style.js';

export const DEMO_CHANNEL = 'demo-webhook';
export const DEMO_RULE = 'demo: acme deliveries late or failed';
const SETTLE_MS = 1_500;
const WAIT_MS = 10_000;

export interface DemoAlerts {
  /** Every alert of the demo's rule, newest first, as the server lists them. */
  alerts: Alert[];
  /** What the demo's webhook received this run (nothing new on a rerun: alerts are told once). */
  received: ReceivedAlert[];
}

/**
 * Points the demo's webhook channel at this run's receiver (a new port and secret each run) and
 * makes sure the demo's rule exists. A new rule looks at the slots already late or failed, so the
 * server raises the demo history's alerts and sends them; then what arrived, and the alerts as the
 * API lists them.
 */
export async function demoAlerts(luco: LucoApi, receiver: AlertReceiver, signal?: AbortSignal): Promise<DemoAlerts> {
  const request = signal ? { signal } : {};
  const settings = { type: 'webhook' as const, url: receiver.url, signingSecrets: [receiver.secret] };
  const existing = (await luco.alerts.channels.list(request)).find((channel) => channel.name === DEMO_CHANNEL);
  const channelId = existing
    ? (await luco.alerts.channels.update(existing.channelId, { name: DEMO_CHANNEL, settings }, request)).channelId
    : (await luco.alerts.channels.create({ name: DEMO_CHANNEL, settings }, request)).channelId;
  const rule =
    (await luco.alerts.rules.list(request)).find((candidate) => candidate.name === DEMO_RULE) ??
    (await luco.alerts.rules.create(
      { name: DEMO_RULE, filter: { name: [{ key: 'client', value: 'acme' }] }, events: ['overdue', 'failed', 'quality_cancelled', 'quality_failed'], channelIds: [channelId] },
      request,
    ));
  await settle(receiver, signal);
  const alerts: Alert[] = [];
  for await (const alert of luco.alerts.list({ ruleId: rule.ruleId }, { ...request, limit: 50 })) alerts.push(alert);
  return { alerts, received: [...receiver.received] };
}

/** Waits until the webhook has been quiet for a moment (or a bound), so the summary shows what came. */
async function settle(receiver: AlertReceiver, signal?: AbortSignal): Promise<void> {
  const started = Date.now();
  let count = -1;
  let quietSince = Date.now();
  while (Date.now() - started < WAIT_MS && !signal?.aborted) {
    if (receiver.received.length !== count) {
      count = receiver.received.length;
      quietSince = Date.now();
    } else if (Date.now() - quietSince >= SETTLE_MS) {
      return;
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The alerts section of the demo's output. */
export function formatDemoAlerts(result: DemoAlerts, receiverUrl: string, style: Style): string {
  const lines = [style.bold(`Alerts (rule "${DEMO_RULE}", sent to the demo's webhook ${receiverUrl})`)];
  if (result.alerts.length === 0) lines.push(style.dim('  none'));
  for (const alert of result.alerts) {
    const state = alert.state === 'open' ? style.red(alert.state.padEnd(9)) : alert.state.padEnd(9);
    lines.push(`  ${state}  ${alert.kind.padEnd(16)}  ${displayName(alert.slotSequence.name).padEnd(22)}  ${alert.slot.tag}`);
  }
  const verified = result.received.filter((message) => message.signatureValid).length;
  lines.push(
    result.received.length === 0
      ? style.dim('  The webhook received nothing new this run: each alert is told once (a rerun sends nothing again).')
      : `  The webhook received ${result.received.length} message${result.received.length === 1 ? '' : 's'} this run, ${verified} with a valid signature.`,
  );
  return `${lines.join('\n')}\n\n`;
}
