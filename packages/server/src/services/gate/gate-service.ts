import type { AppContext } from '../../context.js';
import { decideGate, type GateFacts, type GatePolicy, type GateReason, type GateVerdict } from '../../domain/gate/verdict.js';
import { notFound } from '../../errors.js';
import { GateRepository, type GateSlotRow } from '../../storage/repositories/gate.js';
import { SlotSequenceRepository } from '../../storage/repositories/slot-sequences.js';
import { formatName, type NamePart } from '../../wire/names.js';
import { SlotLookupService } from '../slots/lookup.js';
import type { WatchTarget } from './slot-waiters.js';

/** The slot a gate request is about: by id, or a sequence's tag that has no slot yet. */
export type GateSubject = { slotId: number } | { sequenceId: number; tag: string };

/** The gate's answer, as the route sends it. */
export interface GateAnswer {
  verdict: GateVerdict;
  policy: GatePolicy;
  reasons: GateReason[];
  slotSequenceId: number;
  tag: string;
  /** null while no slot has the tag (an unscheduled sequence's slot is made by its first run). */
  slotId: number | null;
  expectedBy: string | null;
  latestSubmission: { slotSubmissionId: number; status: string } | null;
  checkedOn: string;
}

export interface GateEvaluation {
  answer: GateAnswer;
  /** The subject to read next time (a tag becomes its slot once the slot exists). */
  subject: GateSubject;
  /** What to wait on for a change. */
  watch: WatchTarget;
}

/** Reads a slot's verdict: finds the slot, reads its latest run and quality, applies the policy. */
export class GateService {
  readonly #gate: GateRepository;
  readonly #lookup: SlotLookupService;

  constructor(private readonly ctx: AppContext) {
    this.#gate = new GateRepository(ctx.db);
    this.#lookup = new SlotLookupService(ctx);
  }

  /** The subject named by a sequence name and a tag; an unknown or archived sequence, or a tag its schedule never expects, is a 404. */
  async subjectByName(name: readonly NamePart[], tag: string): Promise<GateSubject> {
    const sequence = await new SlotSequenceRepository(this.ctx.db).findByName(name);
    if (!sequence || !sequence.isActive) {
      throw notFound(`Unknown slot sequence: no active slot sequence is named ${formatName(name)}`, { reason: 'unknown-slot-sequence' });
    }
    // As GET /slots/search/: a date the schedule expects gets its slot now.
    const slot = await this.#lookup.locate(sequence, tag);
    return slot ? { slotId: slot.id } : { sequenceId: sequence.id, tag };
  }

  async subjectById(slotId: number): Promise<GateSubject> {
    if (!(await this.#gate.slot(slotId))) throw notFound(`No slot has the id ${slotId}`, { reason: 'slot-not-found' });
    return { slotId };
  }

  async evaluate(subject: GateSubject, policy: GatePolicy): Promise<GateEvaluation> {
    const now = this.ctx.now();
    const slotId = 'slotId' in subject ? subject.slotId : await this.#gate.slotIdByTag(subject.sequenceId, subject.tag);
    const slot = slotId === undefined ? undefined : await this.#gate.slot(slotId);
    if (!slot) {
      if ('slotId' in subject) throw notFound(`No slot has the id ${subject.slotId}`, { reason: 'slot-not-found' });
      const decision = decideGate({ slot: null, run: null, quality: NO_QUALITY }, policy, now);
      return {
        answer: { ...decision, policy, slotSequenceId: subject.sequenceId, tag: subject.tag, slotId: null, expectedBy: null, latestSubmission: null, checkedOn: new Date(now).toISOString() },
        subject,
        watch: subject,
      };
    }
    const decision = decideGate(await this.#facts(slot), policy, now);
    return {
      answer: {
        ...decision,
        policy,
        slotSequenceId: slot.sequenceId,
        tag: slot.tag,
        slotId: slot.slotId,
        expectedBy: slot.expectedBy === null ? null : new Date(slot.expectedBy).toISOString(),
        latestSubmission: slot.lastSubmissionId === null || slot.lastSubmissionStatus === null ? null : { slotSubmissionId: slot.lastSubmissionId, status: slot.lastSubmissionStatus },
        checkedOn: new Date(now).toISOString(),
      },
      subject: { slotId: slot.slotId },
      watch: { slotId: slot.slotId, fingerprint: slot.fingerprint },
    };
  }

  async #facts(slot: GateSlotRow): Promise<GateFacts> {
    if (slot.lastSubmissionId === null || slot.lastSubmissionStatus === null) return { slot, run: null, quality: NO_QUALITY };
    const [run, quality] = [await this.#gate.run(slot.lastSubmissionId), await this.#gate.quality(slot.lastSubmissionId)];
    return {
      slot,
      run: { id: slot.lastSubmissionId, status: runStatus(slot.lastSubmissionStatus), endedOn: run?.endedOn ?? null, message: run?.message ?? null },
      quality,
    };
  }
}

const NO_QUALITY: GateFacts['quality'] = { cancelled: false, cancelledChecks: [], failed: false, failedChecks: [] };

/** The slot's roll-up of its latest submission as a run's state (CompletedWith(out)Failures: Completed). */
function runStatus(rollUp: string): 'InProgress' | 'Failed' | 'Completed' {
  if (rollUp === 'Failed') return 'Failed';
  if (rollUp === 'InProgress') return 'InProgress';
  return 'Completed';
}
