import { join, resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { adminCredentialsFile, legacyAdminCredentialsFile } from '../../src/cli/admin-credentials-file.js';

describe('adminCredentialsFile: one file per database, named after it', () => {
  it('SQLite: admin-credentials.<file stem>.json beside the database', () => {
    expect(adminCredentialsFile(join('.luco', 'luco.db'))).toBe(resolve('.luco', 'admin-credentials.luco.json'));
    expect(adminCredentialsFile('/srv/luco/prod.sqlite3')).toBe('/srv/luco/admin-credentials.prod.json');
    expect(adminCredentialsFile('/srv/luco/data')).toBe('/srv/luco/admin-credentials.data.json');
    expect(adminCredentialsFile('/srv/luco/my.data.db')).toBe('/srv/luco/admin-credentials.my.data.json');
  });

  it('PostgreSQL: ./.luco/admin-credentials.<host>-<port>-<database>.json, with the defaults node-postgres uses', () => {
    const env = {};
    expect(adminCredentialsFile('postgres://luco:secret@db.internal:6543/luco_prod', env)).toBe(resolve('.luco', 'admin-credentials.db.internal-6543-luco_prod.json'));
    expect(adminCredentialsFile('postgresql://luco@127.0.0.1/luco', env)).toBe(resolve('.luco', 'admin-credentials.127.0.0.1-5432-luco.json'));
    // No database: the user's name; no user either: PGUSER, USER, else postgres.
    expect(adminCredentialsFile('postgres://ana@pg', env)).toBe(resolve('.luco', 'admin-credentials.pg-5432-ana.json'));
    expect(adminCredentialsFile('postgres://pg', { USER: 'ops' })).toBe(resolve('.luco', 'admin-credentials.pg-5432-ops.json'));
    expect(adminCredentialsFile('postgres:///luco?host=/var/run/postgresql', env)).toBe(resolve('.luco', 'admin-credentials._var_run_postgresql-5432-luco.json'));
    expect(adminCredentialsFile('postgres://[::1]:5433/luco', env)).toBe(resolve('.luco', 'admin-credentials.___1_-5433-luco.json'));
    expect(adminCredentialsFile('postgres:///', { PGHOST: 'h', PGPORT: '7', PGDATABASE: 'd' })).toBe(resolve('.luco', 'admin-credentials.h-7-d.json'));
    // The password never shows in a file name; odd characters become _.
    expect(adminCredentialsFile('postgres://u:p%40ss@h/my%20db', env)).toBe(resolve('.luco', 'admin-credentials.h-5432-my_db.json'));
  });

  it('two databases never share a name; :memory: (a new database each start) gets the process id', () => {
    const names = new Set(['/d/a.db', '/d/b.db', 'postgres://h/a', 'postgres://h/b', 'postgres://h:5433/a', 'postgres://g/a'].map((target) => adminCredentialsFile(target, {})));
    expect(names.size).toBe(6);
    expect(adminCredentialsFile(':memory:', {}, 4242)).toBe(resolve('.luco', 'admin-credentials.memory-4242.json'));
  });

  it('the name older versions used sits in the same folder', () => {
    expect(legacyAdminCredentialsFile('/srv/luco/admin-credentials.prod.json')).toBe('/srv/luco/admin-credentials.json');
  });
});
