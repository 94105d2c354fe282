import { randomUUID } from 'node:crypto';
import type { AppContext } from '../../../context.js';
import { AlertRepository, activeKey } from '../../../storage/repositories/alerts/alerts.js';
import { EngineStateRepository } from '../../../storage/repositories/alerts/engine-state.js';
import { SlotHealthRepository, type SlotTransition } from '../../../storage/repositories/alerts/health.js';
import { SlotFactsRepository } from '../../../storage/repositories/alerts/slot-facts.js';
import { matchesSequence, type AlertRule } from '../../../domain/alerts/rule.js';
import { PassTiming } from './pass-timing.js';
import { transactionMemo } from '../transaction-memo.js';
import { materializeOverdueSequences } from '../../materialization/overdue-sequences.js';
import { AlertNotifier } from '../notifier.js';
import { AlertLifecycle } from './alert-lifecycle.js';
import { scanDeadlines } from './deadline-scan.js';
import { backfillRules } from './rule-backfill.js';
import { RuleSet } from './rules-cache.js';

export const ENGINE_LEASE = 'alerts-engine';
export const DEFAULT_BACKFILL_MS = 7 * 24 * 60 * 60 * 1000;

export interface EngineOptions {
  /** The server's public URL, for the links in notifications (read when a notification is built). */
  publicUrl: () => string;
  /** How long the lease lasts without renewal; another instance takes over after it. */
  leaseMs?: number;
  /** The longest the engine sleeps with nothing scheduled (a safety net; changes wake it sooner). */
  maxSleepMs?: number;
  /**
   * The least time between the end of a pass and a pass woken by writes (default 100 ms). A wake
   * after a quiet spell runs at once; under a stream of writes, a pass takes every transition
   * recorded since the last one, in one transaction, instead of a pass (and a commit) per write.
   */
  wakeGapMs?: number;
  /** How far back a new or changed rule looks for slots already in a bad state (default 7 days). */
  backfillMs?: number;
  log?: { info(message: string): void; warn(message: string): void; error(message: string): void };
}

export const DEFAULT_WAKE_GAP_MS = 100;

/** Alerts fired or reminded per transaction. */
const BATCH = 50;
/** Transitions per batch: as many as a chunk of the deadline scan (a batch costs a few statements whatever its size). */
const TRANSITION_BATCH = 250;

/**
 * The deadline engine. One instance at a time holds its lease and runs passes: materialise the
 * slots schedules expect, record Overdue for deadlines that passed, turn new slot transitions
 * into alerts, open alerts whose grace is over, send reminders. Between passes it sleeps until the
 * next deadline, grace end, reminder or materialisation day (at most `maxSleepMs`), and wakes
 * when a write changes a slot (the change feed; at once after a quiet spell, under a stream of
 * writes `wakeGapMs` after its last pass). Every other instance renews nothing and
 * retries the lease, so a dead leader's work is taken over within the lease time.
 */
export class AlertEngine {
  readonly holder = `engine-${randomUUID()}`;
  readonly #lifecycle: AlertLifecycle;
  readonly #leaseMs: number;
  readonly #maxSleepMs: number;
  readonly #wakeGapMs: number;
  /** When the last pass ended (monotonic ms), for the gap before a woken pass. */
  #lastPassEnd = Number.NEGATIVE_INFINITY;
  #timer: NodeJS.Timeout | undefined;
  #leaseTimer: NodeJS.Timeout | undefined;
  #unsubscribe: (() => void) | undefined;
  #running: Promise<void> | undefined;
  #again = false;
  #fullDue = true;
  #nextFullAt = 0;
  #leader = false;
  #stopped = true;

  constructor(
    private readonly ctx: AppContext,
    private readonly options: EngineOptions,
  ) {
    this.#lifecycle = new AlertLifecycle(new AlertNotifier({ publicUrl: options.publicUrl }));
    this.#leaseMs = options.leaseMs ?? 15_000;
    this.#maxSleepMs = options.maxSleepMs ?? 30_000;
    this.#wakeGapMs = options.wakeGapMs ?? DEFAULT_WAKE_GAP_MS;
  }

  get isLeader(): boolean {
    return this.#leader;
  }

  start(): void {
    if (!this.#stopped) return;
    this.#stopped = false;
    this.#unsubscribe = this.ctx.changes.subscribe((change) => {
      if (change.topic === 'slot') this.wake();
      // Schedules changed, or notifications may have been missed: look at everything again.
      else if (change.topic === 'schedules' || change.topic === 'resync') this.wake({ full: true });
    });
    void this.#renewLease();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    this.#unsubscribe?.();
    if (this.#timer) clearTimeout(this.#timer);
    if (this.#leaseTimer) clearTimeout(this.#leaseTimer);
    await this.#running;
    if (this.#leader) await new EngineStateRepository(this.ctx.db).releaseLease(ENGINE_LEASE, this.holder).catch(() => undefined);
    this.#leader = false;
  }

  /**
   * Runs a pass soon: at once after a quiet spell, else `wakeGapMs` after the last pass ended
   * (coalescing wake-ups that arrive meanwhile); `full` also rescans schedules and deadlines.
   */
  wake(options: { full?: boolean } = {}): void {
    if (options.full) this.#fullDue = true;
    if (this.#stopped || !this.#leader) return;
    if (this.#running) {
      this.#again = true;
      return;
    }
    if (this.#timer) clearTimeout(this.#timer);
    const wait = Math.max(0, this.#lastPassEnd + this.#wakeGapMs - performance.now());
    this.#timer = setTimeout(() => void this.#pass(false), wait);
    this.#timer.unref();
  }

  /**
   * One pass at the context's clock; tests call it directly. A full pass (on the timer) also makes
   * the slots schedules expect and scans deadlines; a pass woken by a write only turns its
   * transitions into alerts and fires what is due. Returns when the next full pass is due.
   */
  async runPass(options: { full?: boolean } = {}): Promise<number> {
    const now = this.ctx.now();
    const timing = new PassTiming();
    let overdue = 0;
    let transitions = 0;
    const rules = await RuleSet.load(this.ctx.db);
    if (options.full ?? true) {
      await timing.phase('materialize', () => materializeOverdueSequences(this.ctx));
      // Each chunk of overdue slots becomes alerts (and notifications) before the next is scanned.
      const alertsOf = async () => (transitions += await this.#processTransitions(rules, now));
      overdue = await timing.phase('scan and alerts', () => scanDeadlines(this.ctx, now, alertsOf));
    }
    transitions += await timing.phase('transitions', () => this.#processTransitions(rules, now));
    if (options.full ?? true) await timing.phase('backfill', () => backfillRules(this.ctx, rules, this.#lifecycle, now, this.options.backfillMs ?? DEFAULT_BACKFILL_MS));
    await timing.phase('fire', () => this.#fireDue(rules, now));
    await timing.phase('remind', () => this.#remindDue(rules, now));
    if (overdue > 0 || transitions > 0) this.options.log?.info(`alert engine: ${overdue} slots overdue, ${transitions} transitions processed (${timing.describe()})`);
    // Whatever this pass queued, the senders look now (they also poll, so this is only for speed).
    await this.ctx.changes.publishCommitted(this.ctx.db, { topic: 'outbox' });
    return this.#nextDue(now);
  }

  /**
   * New transitions into alerts, a batch per transaction: every transition of the batch is claimed
   * (a guarded update) and turned into alert changes and notifications that commit together, so
   * each is processed exactly once, and a burst of deadlines costs a few commits, not one each.
   */
  async #processTransitions(rules: RuleSet, now: number): Promise<number> {
    const health = new SlotHealthRepository(this.ctx.db);
    let processed = 0;
    for (;;) {
      const transitions = await health.unprocessed(TRANSITION_BATCH);
      if (transitions.length === 0) return processed;
      processed += transitions.length;
      await this.#applyBatch(rules, transitions, now);
      // Senders start on this batch while the next one is worked on.
      await this.ctx.changes.publishCommitted(this.ctx.db, { topic: 'outbox' });
      if (transitions.length < TRANSITION_BATCH) return processed;
    }
  }

  /** One transaction for the batch; if it fails, one per transition, so one bad transition holds up no other. */
  async #applyBatch(rules: RuleSet, transitions: readonly SlotTransition[], now: number): Promise<void> {
    try {
      await this.ctx.db.transaction().execute((trx) => this.#applyTransitions(trx, rules, transitions, now));
    } catch (error) {
      this.options.log?.warn(`alert engine: a batch of ${transitions.length} transitions failed (${(error as Error).message}); processing them one by one`);
      for (const transition of transitions) {
        try {
          await this.ctx.db.transaction().execute((trx) => this.#applyTransitions(trx, rules, [transition], now));
        } catch (single) {
          this.options.log?.error(`alert engine: transition ${transition.id} of slot ${transition.slotId} failed: ${(single as Error).message}`);
        }
      }
    }
  }

  /**
   * Claims each transition (a guarded update) and applies the matching rules, in `trx`, in a few
   * statements for the whole batch: the slots' facts and active alerts read together, and the
   * alerts a transition opens (the common case, e.g. a burst of deadlines) written together. A
   * slot with several transitions in the batch, or with an active alert, goes one transition at
   * a time, in order.
   */
  async #applyTransitions(trx: AppContext['db'], rules: RuleSet, transitions: readonly SlotTransition[], now: number): Promise<void> {
    const claimed = await new SlotHealthRepository(trx).markProcessedMany(transitions.map((transition) => transition.id), now);
    const mine = transitions.filter((transition) => claimed.has(transition.id));
    if (mine.length === 0) return;
    // The notifier finds the slots in the transaction's memo.
    const slots = await new SlotFactsRepository(trx).loadMany(mine.map((transition) => transition.slotId));
    for (const [slotId, slot] of slots) transactionMemo(trx).slots.set(slotId, slot);
    const enabled = rules.enabled();
    const active = await new AlertRepository(trx).activeFor(
      enabled.map((rule) => rule.id),
      mine.map((transition) => transition.slotId),
    );
    const perSlot = new Map<number, number>();
    for (const transition of mine) perSlot.set(transition.slotId, (perSlot.get(transition.slotId) ?? 0) + 1);
    const opening: Array<{ rule: AlertRule; transition: SlotTransition }> = [];
    for (const transition of mine) {
      const slot = slots.get(transition.slotId);
      if (!slot) continue;
      const sequence = { name: slot.name, type: slot.sequenceType, cadence: slot.cadence };
      for (const rule of enabled) {
        if (!matchesSequence(rule.filter, sequence)) continue;
        // A rule made or changed after the transition was recorded judges the slot's state as it
        // is now, in its backfill; judging the older transition too could open and close an alert
        // for a state long gone.
        if (rule.updatedOn > transition.recordedOn) continue;
        const alone = perSlot.get(transition.slotId) === 1;
        if (alone && this.#lifecycle.opensNew(rule, transition, active.get(activeKey(rule.id, transition.slotId)))) opening.push({ rule, transition });
        else await this.#lifecycle.onTransition(trx, rule, transition, now);
      }
    }
    await this.#lifecycle.openMany(trx, opening, now);
  }

  async #fireDue(rules: RuleSet, now: number): Promise<void> {
    for (;;) {
      const due = await new AlertRepository(this.ctx.db).duePending(now, BATCH);
      if (due.length > 0) {
        await this.ctx.db.transaction().execute(async (trx) => {
          for (const alert of due) await this.#lifecycle.fire(trx, alert, rules.get(alert.ruleId), now);
        });
      }
      if (due.length < BATCH) return;
    }
  }

  async #remindDue(rules: RuleSet, now: number): Promise<void> {
    for (;;) {
      const due = await new AlertRepository(this.ctx.db).dueReminders(now, BATCH);
      if (due.length > 0) {
        await this.ctx.db.transaction().execute(async (trx) => {
          for (const alert of due) await this.#lifecycle.remind(trx, alert, rules.get(alert.ruleId), now);
        });
      }
      if (due.length < BATCH) return;
    }
  }

  /** The earliest of: the next deadline, grace end or reminder, and the next local day of a schedule. */
  async #nextDue(now: number): Promise<number> {
    const times = [
      await new SlotHealthRepository(this.ctx.db).nextDeadline(now),
      await new AlertRepository(this.ctx.db).nextTimer(),
      await new EngineStateRepository(this.ctx.db).nextMaterializeDue(now),
      now + this.#maxSleepMs,
    ].filter((time): time is number => time !== undefined);
    return Math.max(now, Math.min(...times));
  }

  #schedule(delayMs: number): void {
    if (this.#stopped) return;
    if (this.#timer) clearTimeout(this.#timer);
    this.#timer = setTimeout(() => void this.#pass(true), Math.max(0, Math.min(delayMs, this.#maxSleepMs)));
    this.#timer.unref();
  }

  async #pass(full: boolean): Promise<void> {
    if (this.#stopped || !this.#leader) return;
    // A timer that fires during a pass (a wake from inside it) is owed a pass after it.
    if (this.#running) {
      this.#again = true;
      return;
    }
    this.#again = false;
    // A light pass must not push the next full pass (the next deadline) away.
    const runFull = full || this.#fullDue || this.ctx.now() >= this.#nextFullAt;
    let next = this.ctx.now() + 1_000;
    this.#running = (async () => {
      try {
        next = await this.runPass({ full: runFull });
      } catch (error) {
        this.options.log?.error(`alert engine pass failed: ${(error as Error).message}`);
      }
    })();
    await this.#running;
    this.#running = undefined;
    this.#lastPassEnd = performance.now();
    if (runFull) {
      this.#fullDue = false;
      this.#nextFullAt = next;
    }
    if (this.#again) this.wake();
    else this.#schedule(this.#nextFullAt - this.ctx.now());
  }

  async #renewLease(): Promise<void> {
    if (this.#stopped) return;
    try {
      const held = await new EngineStateRepository(this.ctx.db).acquireLease(ENGINE_LEASE, this.holder, Date.now(), this.#leaseMs);
      if (held && !this.#leader) {
        this.#leader = true;
        this.options.log?.info('alert engine: this instance runs the deadline engine');
        this.#schedule(0);
      } else if (!held && this.#leader) {
        this.#leader = false;
        this.options.log?.warn('alert engine: lost the lease to another instance');
      }
    } catch (error) {
      this.options.log?.warn(`alert engine: could not renew its lease: ${(error as Error).message}`);
    }
    this.#leaseTimer = setTimeout(() => void this.#renewLease(), Math.floor(this.#leaseMs / 3));
    this.#leaseTimer.unref();
  }
}
