import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { runCli, startServer } from '../support/server-process.js';

const cwd = mkdtempSync(join(tmpdir(), 'luco-env-values-'));
/** A stack trace line, which a usage error must never print. */
const STACK = /\n\s+at /;

describe('invalid LUCO_* values (the real binary)', () => {
  it.each([
    ['LUCO_MATERIALIZE_DAYS', 'year', 'LUCO_MATERIALIZE_DAYS must be a whole number from 0 to 100000, got "year"'],
    ['LUCO_DB_POOL_SIZE', '0', 'LUCO_DB_POOL_SIZE must be a whole number from 1 to 1000, got "0"'],
    ['LUCO_TRUST_PROXY', 'everyone', 'LUCO_TRUST_PROXY must be a hop count or comma-separated addresses/CIDRs'],
    ['LUCO_TRUST_PROXY', '11', 'LUCO_TRUST_PROXY hops must be from 1 to 10, got "11"'],
    ['LUCO_LOG_LEVEL', 'loud', 'LUCO_LOG_LEVEL must be one of fatal, error, warn, info, debug, trace, silent, got "loud"'],
    ['LUCO_LOG_FORMAT', 'fancy', 'LUCO_LOG_FORMAT must be pretty or json, got "fancy"'],
    ['LUCO_KEY_ENCRYPTION_KEY', 'c2hvcnQ=', 'LUCO_KEY_ENCRYPTION_KEY: key 1 is not base64 of exactly 32 bytes'],
    ['LUCO_FAULT_INJECTION', 'bogus', 'LUCO_FAULT_INJECTION must be exit-before-commit or exit-after-commit, optionally followed by @<label text>; got "bogus"'],
  ])('%s=%s: `serve` is a usage error (exit 2) naming the variable, with no stack trace', async (name, value, message) => {
    const result = await runCli(['serve', '--port', '0', '--db', join(cwd, `${name}.db`)], { cwd, env: { [name]: value } });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(`luco-server: ${message}`);
    expect(result.stderr).not.toMatch(STACK);
  });

  it('a bad variable does not break commands that do not read it', async () => {
    const env = { LUCO_MATERIALIZE_DAYS: 'year', LUCO_DB_POOL_SIZE: 'many', LUCO_TRUST_PROXY: 'all', LUCO_LOG_FORMAT: 'fancy' };
    expect((await runCli(['keys', 'generate'], { cwd, env })).code).toBe(0);
    expect((await runCli(['--help'], { cwd, env })).code).toBe(0);
    expect((await runCli(['migrate', '--db', join(cwd, 'migrate.db')], { cwd, env })).code).toBe(0);
  });

  it('the flag wins over its variable, and an empty variable counts as unset', async () => {
    const server = await startServer(['--no-auth', '--db', join(cwd, 'flags.db'), '--materialize-days', '5', '--log-format', 'json'], { cwd, env: { LUCO_MATERIALIZE_DAYS: 'year', LUCO_DB_POOL_SIZE: '', LUCO_LOG_FORMAT: 'fancy' } });
    expect(await server.stop()).toBe(0);
  });

  it.each([
    ['--log-level', 'loud', '--log-level must be one of fatal, error, warn, info, debug, trace, silent'],
    ['--log-format', 'xml', '--log-format must be pretty or json'],
    ['--pool-size', '0', '--pool-size must be a whole number from 1 to 1000'],
  ])('%s %s is a usage error too', async (flag, value, message) => {
    const result = await runCli(['serve', flag, value], { cwd });
    expect(result.code).toBe(2);
    expect(result.stderr).toContain(message);
  });
});
