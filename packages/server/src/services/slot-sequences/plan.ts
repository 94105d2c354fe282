import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import { HttpProblem } from '../../errors.js';
import { collectCallbacks, stopCollecting } from '../../storage/after-commit.js';
import { lockSlotSequenceImports } from '../../storage/import-lock.js';
import type { Database } from '../../storage/schema.js';
import { planFingerprint, type PlanRequest } from './fingerprint.js';
import { SlotSequenceImportService, type ImportReport } from './import.js';

/** An import's outcomes with their value-level changes, and the fingerprint of the state they were decided on. */
export interface PlanReport extends ImportReport {
  fingerprint: string;
}

/** Thrown to end the dry run's transaction: rolling back is its point, not a failure. */
const ROLL_BACK = Symbol('roll back the dry run');

/**
 * Slot sequences as code: a plan is the real import (the same rules, prune and read-backs) run in
 * a transaction that is rolled back; an apply runs it for real, but only when the state it depends
 * on still has the fingerprint the plan saw, checked in the import's own transaction.
 */
export class SlotSequencePlanService {
  readonly #imports: SlotSequenceImportService;

  constructor(private readonly ctx: AppContext) {
    this.#imports = new SlotSequenceImportService(ctx);
  }

  async plan(request: PlanRequest): Promise<PlanReport> {
    let report: PlanReport | undefined;
    try {
      await this.ctx.db.transaction().execute(async (trx) => {
        // What the import asks to run after its commit (waking the deadline engine) never runs.
        collectCallbacks(trx);
        try {
          report = await this.#run(trx, request);
        } finally {
          stopCollecting(trx);
        }
        throw ROLL_BACK;
      });
    } catch (error) {
      if (error !== ROLL_BACK) throw error;
    }
    const planned = report!;
    // A sequence created in the rolled-back transaction has no id: the one it had is gone.
    return { ...planned, items: planned.items.map((item) => (item.result === 'Created' ? { ...item, slotSequenceId: null } : item)) };
  }

  /** Applies the plan whose fingerprint is `expected`; a 409 (nothing written) when the state has changed since. */
  async apply(trx: Kysely<Database>, request: PlanRequest, expected: string): Promise<PlanReport> {
    return this.#run(trx, request, expected);
  }

  async #run(trx: Kysely<Database>, request: PlanRequest, expected?: string): Promise<PlanReport> {
    // Before the fingerprint is read, so no other import can commit between the check and the writes.
    await lockSlotSequenceImports(trx, this.ctx.dialect);
    const fingerprint = await planFingerprint(trx, request);
    if (expected !== undefined && expected !== fingerprint) throw planOutdated(expected, fingerprint);
    const report = await this.#imports.import(trx, request.items, request.flags, { prune: request.prune, detail: true });
    return { ...report, fingerprint };
  }
}

function planOutdated(expected: string, current: string): HttpProblem {
  return new HttpProblem(
    409,
    'plan-outdated',
    'Conflict',
    'The slot sequences this plan depends on have changed since it was made (or the request differs from the planned one); nothing was applied. Plan again.',
    { extensions: { expectedFingerprint: expected, currentFingerprint: current } },
  );
}
