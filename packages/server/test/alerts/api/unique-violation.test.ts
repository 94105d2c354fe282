import { afterEach, expect, it } from 'vitest';
import { KeyEncryptionKeys } from '../../../src/auth/key-encryption.js';
import { AlertChannelRepository } from '../../../src/storage/repositories/alerts/channels.js';
import { AlertRuleRepository } from '../../../src/storage/repositories/alerts/rules.js';
import { isUniqueViolation } from '../../../src/storage/unique-violation.js';
import { createTestApp, type TestApp } from '../../support/app.js';

/**
 * Two instances that both found a name free: the database's unique index stops the second
 * insert, and the services turn exactly that error (on SQLite and on PostgreSQL) into a 409.
 */
let t: TestApp;
afterEach(async () => t?.close());

async function failure(write: () => Promise<unknown>): Promise<unknown> {
  try {
    await write();
  } catch (error) {
    return error;
  }
  throw new Error('the write succeeded');
}

it('recognises the unique-index error of a second channel or rule with a taken name, and nothing else', async () => {
  t = await createTestApp();
  const channels = new AlertChannelRepository(t.database.db, KeyEncryptionKeys.ephemeral());
  const channel = { name: 'ops', enabled: true, settings: { type: 'slack' as const, url: 'https://hooks.slack.com/x' } };
  await channels.insert(channel, t.clock.now);
  expect(isUniqueViolation(await failure(() => channels.insert(channel, t.clock.now)))).toBe(true);
  const rules = new AlertRuleRepository(t.database.db);
  const rule = { name: 'r', enabled: true, filter: { name: [], types: [], cadences: [] }, events: [], graceSeconds: 0, reminderSeconds: null, mute: [], channelIds: [] };
  await rules.insert(rule, t.clock.now);
  expect(isUniqueViolation(await failure(() => rules.insert(rule, t.clock.now)))).toBe(true);
  // Another constraint (a rule naming a channel that does not exist) is not a duplicate name.
  expect(isUniqueViolation(await failure(() => rules.insert({ ...rule, name: 'other', channelIds: [999] }, t.clock.now)))).toBe(false);
  expect(isUniqueViolation(new Error('boom'))).toBe(false);
});
