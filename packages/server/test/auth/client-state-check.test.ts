import { describe, expect, it } from 'vitest';
import { ClientStateCheck, CLIENT_STATE_TTL_MS, type ClientState } from '../../src/auth/client-state-check.js';
import type { Principal } from '../../src/auth/principal.js';
import { expectTokenError } from './helpers.js';

const writer: Principal = { clientId: 'luco_1', role: 'writer', source: 'local' };

function setup(initial: ClientState | undefined) {
  const db = { state: initial, reads: 0 };
  const clock = { now: 0 };
  const check = new ClientStateCheck(
    async () => {
      db.reads++;
      return db.state;
    },
    { clock: () => clock.now },
  );
  return { db, clock, check };
}

describe('ClientStateCheck (revocation of our tokens)', () => {
  it('refuses a revoked, unknown or re-roled client', async () => {
    await expectTokenError(setup({ role: 'writer', revoked: true }).check.confirm(writer), 'revoked');
    await expectTokenError(setup(undefined).check.confirm(writer), 'revoked');
    await expectTokenError(setup({ role: 'reader', revoked: false }).check.confirm(writer), 'role_changed');
    await expect(setup({ role: 'writer', revoked: false }).check.confirm(writer)).resolves.toBeUndefined();
  });

  it('reads the database at most once per interval per client, and sees a revocation after it', async () => {
    const { db, clock, check } = setup({ role: 'writer', revoked: false });
    await Promise.all([check.confirm(writer), check.confirm(writer), check.confirm(writer)]);
    expect(db.reads).toBe(1);
    db.state = { role: 'writer', revoked: true };
    clock.now += CLIENT_STATE_TTL_MS - 1;
    await check.confirm(writer);
    expect(db.reads).toBe(1);
    clock.now += 1;
    await expectTokenError(check.confirm(writer), 'revoked');
    expect(db.reads).toBe(2);
  });

  it('does not remember a failed read', async () => {
    let fail = true;
    const check = new ClientStateCheck(async () => {
      if (fail) throw new Error('database down');
      return { role: 'writer', revoked: false };
    });
    await expect(check.confirm(writer)).rejects.toThrow('database down');
    fail = false;
    await expect(check.confirm(writer)).resolves.toBeUndefined();
  });

  it('leaves external (OIDC) principals to their issuer', async () => {
    const { db, check } = setup(undefined);
    await check.confirm({ clientId: 'app-1', role: 'admin', source: 'oidc' });
    expect(db.reads).toBe(0);
  });
});
