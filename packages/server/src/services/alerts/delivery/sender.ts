import type { AppContext } from '../../../context.js';
import { type AlertChannel, redactedUrl } from '../../../domain/alerts/channel.js';
import type { NotificationPayload } from '../../../domain/alerts/notification.js';
import { AlertChannelRepository } from '../../../storage/repositories/alerts/channels.js';
import { type AttemptResult, NotificationRepository, type NotificationRow } from '../../../storage/repositories/alerts/notifications.js';
import { ChannelCache } from './channel-cache.js';
import { sendThroughChannel } from './channels/index.js';
import { InFlight } from './limiter.js';
import { type DeliveryLog, stderrDeliveryLog } from './log.js';
import { type DeliveryOptions, deliveryOptions } from './options.js';
import { type AttemptOutcome, permanent, retry } from './outcome.js';
import { describeDuration, giveUpReason, retryDelayMs } from './retry-schedule.js';
import { scrubText, secretsOf } from './scrub.js';
import { type AlertTargetPolicy, parseAlertTargets } from './target/policy.js';

export type SenderContext = Pick<AppContext, 'db' | 'now' | 'keyEncryption' | 'changes'>;

export interface NotificationSenderOptions extends Partial<DeliveryOptions> {
  /** Where notifications may go (default: public https hosts only). */
  policy?: AlertTargetPolicy;
  log?: DeliveryLog;
  /** Jitter's randomness (tests pin it). */
  random?: () => number;
}

/** A claim outlives the request's timeout by this much, so a slow database write does not lose it. */
const CLAIM_MARGIN_MS = 30_000;

/**
 * Sends the notification outbox. It claims due notifications (several instances each take
 * different rows), sends them concurrently within an overall and a per-channel bound, logs every
 * attempt, and marks each delivered, schedules its retry (backoff with jitter, or the receiver's
 * Retry-After), or gives it up as dead (a permanent refusal, too many attempts, too old). It wakes
 * on the change feed's `outbox` and `resync` changes, at the next retry that falls due, and
 * every `pollIntervalMs` in any case (a missed wake-up, another instance's expired claim).
 * Channels are kept between sends (ChannelCache), dropped when the change feed says one changed.
 */
export class NotificationSender {
  readonly #ctx: SenderContext;
  readonly #options: DeliveryOptions;
  readonly #policy: AlertTargetPolicy;
  readonly #log: DeliveryLog;
  readonly #random: () => number;
  readonly #notifications: NotificationRepository;
  readonly #channels: ChannelCache;
  readonly #inFlight: InFlight;
  readonly #sends = new Set<Promise<void>>();
  #abort = new AbortController();
  #unsubscribe: (() => void) | undefined;
  #timer: NodeJS.Timeout | undefined;
  #pump: Promise<void> | undefined;
  #again = false;
  #running = false;

  constructor(ctx: SenderContext, options: NotificationSenderOptions = {}) {
    const { policy, log, random, ...overrides } = options;
    this.#ctx = ctx;
    this.#options = deliveryOptions(overrides);
    this.#policy = policy ?? parseAlertTargets(undefined);
    this.#log = log ?? stderrDeliveryLog;
    this.#random = random ?? Math.random;
    this.#notifications = new NotificationRepository(ctx.db);
    const channels = new AlertChannelRepository(ctx.db, ctx.keyEncryption);
    this.#channels = new ChannelCache((id) => channels.find(id));
    this.#inFlight = new InFlight(this.#options.concurrency, this.#options.perChannelConcurrency);
  }

  /** Starts listening and sends what is already due (what waited while the server was down). */
  start(): void {
    if (this.#running) return;
    this.#running = true;
    if (this.#abort.signal.aborted) this.#abort = new AbortController();
    // Changes made while it was not listening are not known.
    this.#channels.clear();
    this.#unsubscribe = this.#ctx.changes.subscribe((change) => {
      if (change.topic === 'channels' || change.topic === 'resync') this.#channels.clear();
      if (change.topic === 'outbox' || change.topic === 'resync') this.wake();
    });
    this.wake();
  }

  /**
   * Stops claiming, waits up to `stopGraceMs` for the sends in flight, then abandons the rest
   * (each is logged as a failed attempt and retried later, here or by another instance).
   */
  async stop(): Promise<void> {
    if (!this.#running) return;
    this.#running = false;
    this.#unsubscribe?.();
    clearTimeout(this.#timer);
    await this.#pump;
    if (this.#sends.size === 0) return;
    const grace = new Promise<void>((resolve) => setTimeout(resolve, this.#options.stopGraceMs).unref());
    await Promise.race([Promise.allSettled([...this.#sends]), grace]);
    if (this.#sends.size === 0) return;
    this.#abort.abort();
    const recorded = new Promise<void>((resolve) => setTimeout(resolve, 2000).unref());
    await Promise.race([Promise.allSettled([...this.#sends]), recorded]);
  }

  /** Looks at the outbox now (a pass already running looks again when it ends). */
  wake(): void {
    if (!this.#running) return;
    this.#again = true;
    if (this.#pump) return;
    this.#pump = this.#runPasses().finally(() => {
      this.#pump = undefined;
      // A wake-up that came as the last pass ended.
      if (this.#again) this.wake();
    });
  }

  /** Sends in flight now. */
  get inFlight(): number {
    return this.#inFlight.size;
  }

  async #runPasses(): Promise<void> {
    try {
      while (this.#again && this.#running) {
        this.#again = false;
        const next = await this.#claimAndSend();
        // Woken meanwhile: look again before settling on a timer.
        if (!this.#again) await this.#scheduleNextPass(next);
      }
    } catch (error) {
      this.#again = false;
      this.#log.error({ err: describeError(error) }, 'the notification sender could not read the outbox; trying again');
      this.#schedule(this.#options.pollIntervalMs);
    }
  }

  /** Claims what it may and starts sending it; returns when the next notification falls due, as the claim saw it (none: not asked). */
  async #claimAndSend(): Promise<{ nextDueOn: number | undefined } | undefined> {
    const limit = this.#inFlight.freeOverall();
    if (limit === 0 || !this.#running) return undefined;
    const now = this.#ctx.now();
    const { claimed, nextDueOn } = await this.#notifications.claimDue({
      now,
      claimUntil: now + this.#options.requestTimeoutMs + CLAIM_MARGIN_MS,
      limit,
      perChannel: this.#inFlight.freeByChannel(),
      defaultPerChannel: this.#options.perChannelConcurrency,
    });
    for (const row of claimed) {
      this.#inFlight.add(row.channel_id);
      const send: Promise<void> = this.#deliver(row)
        .catch((error: unknown) => this.#log.error({ messageId: row.message_id, err: describeError(error) }, 'a notification attempt could not be recorded; it is retried when its claim expires'))
        .finally(() => {
          this.#inFlight.remove(row.channel_id);
          this.#sends.delete(send);
          // A freed place may let a waiting notification of a busy channel go.
          this.wake();
        });
      this.#sends.add(send);
    }
    return { nextDueOn };
  }

  async #scheduleNextPass(known?: { nextDueOn: number | undefined }): Promise<void> {
    if (!this.#running) return;
    const now = this.#ctx.now();
    const next = known ? known.nextDueOn : await this.#notifications.nextDueOn(now);
    // Due rows not taken now wait for a free place (a finished send wakes the sender) or the poll.
    const delay = next !== undefined && next > now ? Math.min(next - now, this.#options.pollIntervalMs) : this.#options.pollIntervalMs;
    this.#schedule(delay);
  }

  #schedule(delayMs: number): void {
    clearTimeout(this.#timer);
    if (!this.#running) return;
    this.#timer = setTimeout(() => this.wake(), delayMs);
    this.#timer.unref();
  }

  /** One attempt of one claimed notification, recorded with its outcome. */
  async #deliver(row: NotificationRow): Promise<void> {
    const claimedUntil = Number(row.claimed_until);
    let channel: AlertChannel | undefined;
    let unreadable: string | undefined;
    try {
      channel = await this.#channels.get(row.channel_id);
      // A deleted channel took its notifications with it.
      if (!channel) return;
    } catch (error) {
      // E.g. secrets sealed with a key this server does not have: retried, in case the key is restored.
      unreadable = `the channel's settings could not be read (${describeError(error)})`;
    }
    const label: ChannelLabel = channel ? { channel: channel.name, channelType: channel.settings.type, target: describeTarget(channel) } : { channel: `#${row.channel_id}`, channelType: 'unknown', target: 'unknown' };
    if (row.attempts > this.#options.maxAttempts) {
      const error = `gave up after ${row.attempts - 1} attempts (a sender stopped during the last one)`;
      if (await this.#notifications.markDead(row.id, claimedUntil, error)) this.#logDead(row, label, error);
      return;
    }
    const started = this.#ctx.now();
    const startedAt = performance.now();
    const outcome = channel ? await this.#attempt(row, channel) : retry(unreadable ?? 'the channel could not be read');
    const durationMs = Math.round(performance.now() - startedAt);
    const now = this.#ctx.now();
    const result = this.#resultOf(row, outcome, now);
    const error = outcome.kind === 'delivered' ? outcome.note : outcome.error;
    const kept = await this.#notifications.finishAttempt(row.id, claimedUntil, { attemptedOn: started, durationMs, statusCode: outcome.statusCode, error }, result);
    const fields = { messageId: row.message_id, notificationId: row.id, ...label, attempt: row.attempts, statusCode: outcome.statusCode, durationMs };
    if (!kept) {
      this.#log.warn({ ...fields, error }, 'a notification attempt ended after its claim expired; another sender has taken the notification over');
      return;
    }
    if (result.status === 'delivered') this.#log.info(fields, 'notification delivered');
    else if (result.status === 'pending') this.#log.info({ ...fields, error, retryIn: describeDuration(result.nextAttemptOn - now) }, `notification attempt failed; retrying in ${describeDuration(result.nextAttemptOn - now)}`);
    else this.#logDead(row, label, error ? `${error}; ${result.why}` : result.why, outcome.statusCode);
  }

  async #attempt(row: NotificationRow, channel: AlertChannel): Promise<AttemptOutcome> {
    const secrets = secretsOf(channel.settings);
    let payload: NotificationPayload;
    try {
      payload = JSON.parse(row.payload_json) as NotificationPayload;
    } catch {
      return permanent('the queued payload is not JSON');
    }
    if (!channel.enabled && row.event !== 'test') return permanent('the channel is disabled');
    try {
      return await sendThroughChannel(channel.settings, { messageId: row.message_id, payloadJson: row.payload_json, payload }, { policy: this.#policy, options: this.#options, signal: this.#abort.signal, now: this.#ctx.now, secrets });
    } catch (error) {
      return retry(scrubText(`could not send: ${describeError(error)}`, secrets));
    }
  }

  #resultOf(row: NotificationRow, outcome: AttemptOutcome, now: number): AttemptResult {
    if (outcome.kind === 'delivered') return { status: 'delivered', deliveredOn: now };
    if (outcome.kind === 'permanent') return { status: 'dead', why: 'a permanent failure, not retried' };
    // A test is a probe whose answer the caller waits for; a later retry would deliver a stale test.
    if (row.event === 'test') return { status: 'dead', why: 'a test notification is tried once' };
    const nextAttemptOn = now + retryDelayMs(row.attempts, outcome.retryAfterMs, this.#options, this.#random);
    const reason = giveUpReason(row.attempts, Number(row.created_on), nextAttemptOn, this.#options);
    if (reason !== undefined) return { status: 'dead', why: `gave up ${reason}` };
    return { status: 'pending', nextAttemptOn };
  }

  /** The one line that says a notification will not be delivered, and why. */
  #logDead(row: NotificationRow, label: ChannelLabel, reason: string, statusCode: number | null = null): void {
    this.#log.warn(
      { messageId: row.message_id, notificationId: row.id, alertId: row.alert_id, event: row.event, ...label, attempts: row.attempts, statusCode },
      `notification ${row.message_id} to channel "${label.channel}" (${label.target}) is dead: ${reason}`,
    );
  }
}

/** How log lines name a channel. */
interface ChannelLabel {
  channel: string;
  channelType: string;
  target: string;
}

/** Where a channel sends, safe to log: scheme and host of a URL, the SMTP host and port. */
export function describeTarget(channel: AlertChannel): string {
  const settings = channel.settings;
  return settings.type === 'email' ? `smtp://${settings.host}:${settings.port}` : `${settings.type} ${redactedUrl(settings.url)}`;
}

function describeError(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
