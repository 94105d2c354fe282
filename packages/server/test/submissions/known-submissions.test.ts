import { afterEach, describe, expect, it, vi } from 'vitest';
import { KeyEncryptionKeys } from '../../src/auth/key-encryption.js';
import type { AppContext } from '../../src/context.js';
import { requireSubmissionOf } from '../../src/services/submissions/access.js';
import { SubmissionService } from '../../src/services/submissions/submissions.js';
import { ChangeFeed } from '../../src/storage/change-feed.js';
import { GroupCommit } from '../../src/storage/group-commit.js';
import { SubmissionRepository } from '../../src/storage/repositories/submissions.js';
import { createTestApp, type TestApp } from '../support/app.js';
import { addUnscheduledSlot, importSequences, sequence } from '../overviews/helpers.js';

let t: TestApp | undefined;
let changes: ChangeFeed | undefined;
afterEach(async () => {
  vi.restoreAllMocks();
  await changes?.close();
  await t?.close();
  t = changes = undefined;
});

/** The submission service on the test app's database, and one of its slots. */
async function setUp(): Promise<{ service: SubmissionService; commits: GroupCommit; slotId: number; db: AppContext['db'] }> {
  t = await createTestApp();
  const [sequenceId] = await importSequences(t, [sequence({ client: 'acme', feed: 'known' })]);
  const slotId = await addUnscheduledSlot(t, sequenceId!, 'run-1');
  changes = new ChangeFeed(undefined);
  const ctx: AppContext = { db: t.database.db, dialect: t.database.dialect, now: () => t!.clock.now, materializeDays: 400, keyEncryption: KeyEncryptionKeys.ephemeral(), changes };
  return { service: new SubmissionService(ctx), commits: new GroupCommit(t.database.db), slotId, db: t.database.db };
}

// A write to a submission checks that it is the slot's (one read), unless the pair is known. A
// submission the server has just created is known once its transaction has committed, not before.
describe('submissions created by the server are known to be their slot\u2019s once committed', () => {
  it('a committed new submission: the next check of the pair reads nothing', async () => {
    const { service, commits, slotId, db } = await setUp();
    const created = await commits.run('create', (trx) => service.createInSlot(trx, slotId, t!.clock.now));
    const reads = vi.spyOn(SubmissionRepository.prototype, 'slotIdOf');
    await requireSubmissionOf(db, slotId, created.slotSubmissionId);
    expect(reads).not.toHaveBeenCalled();
  });

  it('a rolled-back new submission is not remembered: its id is still checked (404)', async () => {
    const { service, commits, slotId, db } = await setUp();
    let createdId = 0;
    await expect(
      commits.run('create then fail', async (trx) => {
        createdId = (await service.createInSlot(trx, slotId, t!.clock.now)).slotSubmissionId;
        throw new Error('the write failed after the insert');
      }),
    ).rejects.toThrow('the write failed after the insert');
    expect(createdId).toBeGreaterThan(0);
    await expect(requireSubmissionOf(db, slotId, createdId)).rejects.toMatchObject({ status: 404 });
  });
});
