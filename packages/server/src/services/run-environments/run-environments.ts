import type { Kysely } from 'kysely';
import type { AppContext } from '../../context.js';
import type { Database } from '../../storage/schema.js';
import { RunEnvironmentRepository } from '../../storage/repositories/run-environments.js';
import { InputError } from '../../wire/input-error.js';
import { iso } from '../../wire/instants.js';
import { requireSubmissionOf } from '../submissions/access.js';

export interface RunEnvironmentView {
  stage: string | null;
  runData: Record<string, unknown>;
  createdOn: string;
}

export class RunEnvironmentService {
  constructor(private readonly ctx: AppContext) {}

  /** One record per runData object (a single object counts as a list of one). */
  async record(trx: Kysely<Database>, slotId: number, submissionId: number, input: { stage?: string | null | undefined; runData: unknown }): Promise<{ recorded: number }> {
    const runData = Array.isArray(input.runData) ? input.runData : [input.runData];
    if (runData.length === 0) throw InputError.of('runData', 'must hold at least one run environment object');
    const problems = runData.flatMap((item, index) =>
      typeof item === 'object' && item !== null && !Array.isArray(item) ? [] : [{ field: Array.isArray(input.runData) ? `runData[${index}]` : 'runData', message: 'must be an object' }],
    );
    if (problems.length > 0) throw new InputError(problems);
    await requireSubmissionOf(trx, slotId, submissionId, this.ctx.db);
    const recorded = await new RunEnvironmentRepository(trx).insertMany(submissionId, input.stage ?? null, runData as Array<Record<string, unknown>>, this.ctx.now());
    return { recorded };
  }

  /** Oldest first. */
  async list(slotId: number, submissionId: number): Promise<RunEnvironmentView[]> {
    await requireSubmissionOf(this.ctx.db, slotId, submissionId);
    const records = await new RunEnvironmentRepository(this.ctx.db).list(submissionId);
    return records.map((record) => ({ stage: record.stage, runData: record.runData, createdOn: iso(record.createdOn) }));
  }
}
