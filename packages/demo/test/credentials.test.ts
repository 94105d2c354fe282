import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { APIConnectionError, AuthError } from '@lucots/sdk';
import { afterAll, describe, expect, it } from 'vitest';
import { adminCredentialsFile, explainRefusedCredential, readAdminCredentials } from '../src/credentials.js';

const folder = mkdtempSync(join(tmpdir(), 'lucots-demo-credentials-'));
const database = join(folder, 'luco.db');
afterAll(() => rmSync(folder, { recursive: true, force: true }));

describe('the admin credentials file', () => {
  it('lies beside the database', () => {
    expect(adminCredentialsFile(database)).toBe(join(folder, 'admin-credentials.luco.json'));
  });

  it('missing, not JSON, or without a secret: says which file and how to recover', () => {
    expect(() => readAdminCredentials(database)).toThrow(/admin-credentials\.luco\.json is missing[\s\S]*mv [\s\S]*clients create --role admin/);
    writeFileSync(adminCredentialsFile(database), '{ not json');
    expect(() => readAdminCredentials(database)).toThrow(/admin-credentials\.luco\.json is not JSON/);
    writeFileSync(adminCredentialsFile(database), JSON.stringify({ clientId: 'luco_1' }));
    expect(() => readAdminCredentials(database)).toThrow(/has no clientId and clientSecret[\s\S]*To recover/);
    writeFileSync(adminCredentialsFile(database), JSON.stringify({ clientId: 'luco_1', clientSecret: 's3cret', role: 'admin' }));
    expect(readAdminCredentials(database)).toEqual({ clientId: 'luco_1', clientSecret: 's3cret' });
  });
});

describe('explainRefusedCredential', () => {
  it('explains invalid_client only, naming the file and the client', () => {
    const refused = new AuthError('Token request failed with status 401 invalid_client: Unknown client', { code: 'invalid_client', status: 401 });
    const explained = explainRefusedCredential(refused, database, 'luco_1', (path) => path.replace(folder, '.luco'));
    expect(explained?.message).toContain('refused the admin credential in .luco/admin-credentials.luco.json (invalid_client)');
    expect(explained?.message).toContain('client luco_1');
    expect(explained?.message).toContain('npx luco-server clients create --role admin --name demo --db .luco/luco.db --json > .luco/admin-credentials.luco.json');
    expect(explained?.cause).toBe(refused);
    expect(explainRefusedCredential(new AuthError('no token', { code: 'invalid_scope' }), database, 'luco_1')).toBeUndefined();
    expect(explainRefusedCredential(new APIConnectionError('down', { requestMayHaveBeenSent: false }), database, 'luco_1')).toBeUndefined();
  });
});
