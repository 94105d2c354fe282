import { existsSync, linkSync, readFileSync, unlinkSync, writeFileSync } from 'node:fs';
import { basename, dirname, extname, join, resolve } from 'node:path';
import type { Kysely } from 'kysely';
import { KeyEncryptionError, KeyEncryptionKeys } from '../auth/index.js';
import { isPostgresUrl } from '../storage/db.js';
import { preparePrivateFolder, PRIVATE_FILE_MODE, tightenPrivateFile, type Warn } from '../storage/private-files.js';
import { DatabaseSigningKeyStore } from '../storage/repositories/signing-keys.js';
import { parseSetting, UsageError } from './usage-error.js';
import type { Database } from '../storage/schema.js';

export const KEY_ENV = 'LUCO_KEY_ENCRYPTION_KEY';
export const KEY_FILE_ENV = 'LUCO_KEY_FILE';

/** Where the keys that seal the signing keys come from; decided before the database is opened. */
export type KeySource =
  | { kind: 'environment'; keys: KeyEncryptionKeys }
  | { kind: 'file'; path: string; createIfMissing: boolean }
  | { kind: 'ephemeral' };

const HOW_TO_CREATE = `generate one with \`luco-server keys generate\` (or \`openssl rand -base64 32\`) and give the same value to every instance as ${KEY_ENV}, or put it in a file only the server can read and pass --key-file (${KEY_FILE_ENV}); see docs/deployment.md`;

/** `luco.db` -> `luco.key` beside it; `data` -> `data.key`. */
export function defaultKeyFile(databasePath: string): string {
  const path = resolve(databasePath);
  const stem = basename(path, extname(path));
  const candidate = join(dirname(path), `${stem}.key`);
  return candidate === path ? `${path}.key` : candidate;
}

/**
 * LUCO_KEY_ENCRYPTION_KEY, else `--key-file`/LUCO_KEY_FILE, else (SQLite) a key file beside the
 * database, created at the first start. PostgreSQL needs one of the first two, shared by every
 * instance: a server that would otherwise store its signing keys readable fails here instead.
 */
export function keySourceFor(target: string, keyFileFlag: string | undefined, env: NodeJS.ProcessEnv = process.env): KeySource {
  const keyFile = keyFileFlag || env[KEY_FILE_ENV];
  if (env[KEY_ENV]) {
    if (keyFile) throw new UsageError(`both ${KEY_ENV} and a key file (${keyFile}) are given: use one`);
    // Parsed now, so a malformed key stops the server (a usage error) before it connects anywhere.
    return { kind: 'environment', keys: parseSetting(KEY_ENV, env[KEY_ENV], (text, name) => KeyEncryptionKeys.parse(text, name)) };
  }
  const postgres = isPostgresUrl(target);
  if (keyFile) return { kind: 'file', path: resolve(keyFile), createIfMissing: !postgres };
  if (postgres) throw new KeyEncryptionError(`PostgreSQL needs a key to encrypt the token-signing keys it stores: ${HOW_TO_CREATE}`);
  if (target === ':memory:') return { kind: 'ephemeral' };
  return { kind: 'file', path: defaultKeyFile(target), createIfMissing: true };
}

function parseKeyFile(path: string): KeyEncryptionKeys {
  // Lines starting with # are comments (the file created here explains itself).
  const text = readFileSync(path, 'utf8')
    .split('\n')
    .filter((line) => !line.trimStart().startsWith('#'))
    .join('\n');
  return KeyEncryptionKeys.parse(text, `key file ${path}`);
}

const KEY_FILE_HEADER = [
  '# luco-server key-encryption keys (base64, 32 bytes each), one a line; the first one encrypts.',
  '# The signing keys in the database cannot be read without this file: back it up apart from',
  '# the database, and keep it owner-only (0600). Rotation: docs/deployment.md.',
].join('\n');

/** Writes a new key file whole or not at all; false when another process created one first. */
function createKeyFile(path: string, warn: Warn): boolean {
  preparePrivateFolder(dirname(path), warn);
  const temporary = `${path}.${process.pid}.tmp`;
  writeFileSync(temporary, `${KEY_FILE_HEADER}\n${KeyEncryptionKeys.generateKeyText()}\n`, { mode: PRIVATE_FILE_MODE, flag: 'wx' });
  try {
    // link() fails when the name exists, so two servers starting at once agree on one file.
    linkSync(temporary, path);
    return true;
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  } finally {
    unlinkSync(temporary);
  }
}

/**
 * Reads the keys from their source, creating the SQLite key file on the first start. Refuses to
 * create a new key when the database already holds keys sealed with another one (the file was
 * lost or moved): that would leave them unreadable without saying why.
 */
export async function loadKeyEncryption(source: KeySource, db: Kysely<Database>, options: { warn: Warn }): Promise<{ keys: KeyEncryptionKeys; createdFile?: string }> {
  if (source.kind === 'ephemeral') return { keys: KeyEncryptionKeys.ephemeral() };
  if (source.kind === 'environment') return { keys: source.keys };
  if (existsSync(source.path)) {
    tightenPrivateFile(source.path, options.warn);
    return { keys: parseKeyFile(source.path) };
  }
  if (!source.createIfMissing) throw new KeyEncryptionError(`key file ${source.path} does not exist: ${HOW_TO_CREATE}`);
  const sealed = await DatabaseSigningKeyStore.countSealed(db);
  if (sealed > 0) {
    throw new KeyEncryptionError(
      `key file ${source.path} is missing, but the database holds ${sealed} signing key(s) sealed with a key: restore the file (or pass it with --key-file), or see docs/deployment.md for starting over with new signing keys`,
    );
  }
  const created = createKeyFile(source.path, options.warn);
  return { keys: parseKeyFile(source.path), ...(created ? { createdFile: source.path } : {}) };
}
