import { existsSync, linkSync, readFileSync, rmSync, unlinkSync } from 'node:fs';
import { dirname } from 'node:path';
import type { AppContext } from '../../context.js';
import { ClientService } from './clients.js';
import { claimOnce } from '../../storage/repositories/server-state.js';
import { createPrivateFile, preparePrivateFolder, warnOnStderr, type Warn } from '../../storage/private-files.js';

/** The database is empty but its credentials file exists: it belongs to an earlier database. */
export class AdminCredentialsFileExists extends Error {
  override readonly name = 'AdminCredentialsFileExists';

  constructor(readonly file: string) {
    super(
      `${file} already exists, but this database has no clients yet: the file holds the admin of an earlier database of the same name, ` +
        'and its secret does not work here. Credentials files are never overwritten: move that file away (or delete it), then start again. ' +
        'Nothing was written to the database.',
    );
  }
}

/**
 * On the first start with an empty database, creates one admin client and writes its secret to
 * `file` (0600, never overwriting one). Returns the file's path, or undefined when clients existed.
 * The claim, the client and the file go together: when the file cannot be written (it exists),
 * the transaction rolls back, so the next start can bootstrap once the file is out of the way.
 */
export async function bootstrapAdmin(ctx: Pick<AppContext, 'db' | 'now'>, options: { file: string; resourceId: string; warn?: Warn }): Promise<string | undefined> {
  if ((await new ClientService(ctx).count()) > 0) return undefined;
  let written = false;
  try {
    return await ctx.db.transaction().execute(async (trx) => {
      // Instances starting together on one empty database: only the one that claims it
      // bootstraps; the others wait for this transaction and find the claim taken.
      if (!(await claimOnce(trx, 'bootstrap-admin', 'claimed', ctx.now()))) return undefined;
      const admin = await new ClientService({ db: trx, now: ctx.now }).create('admin', 'bootstrap admin');
      preparePrivateFolder(dirname(options.file), options.warn ?? warnOnStderr);
      const content = {
        clientId: admin.clientId,
        clientSecret: admin.clientSecret,
        role: admin.role,
        scope: `${options.resourceId}/.default`,
        note: 'Created at the first start of luco-server. Exchange these at POST /oauth2/token (client credentials). Keep this file private.',
      };
      createPrivateFile(options.file, `${JSON.stringify(content, null, 2)}\n`);
      written = true;
      return options.file;
    });
  } catch (error) {
    // The commit failed after the file was written: the file would name a client that does not exist.
    if (written) rmSync(options.file, { force: true });
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') throw new AdminCredentialsFileExists(options.file);
    throw error;
  }
}

/**
 * An older version wrote `admin-credentials.json` for every database. When that file's client is
 * an active admin of this database, it is renamed to this database's name (never over an existing
 * file). Returns true when it was renamed; a file of another database is left alone.
 */
export async function adoptLegacyCredentials(ctx: Pick<AppContext, 'db' | 'now'>, options: { legacy: string; file: string }): Promise<boolean> {
  if (existsSync(options.file) || !existsSync(options.legacy)) return false;
  let clientId: unknown;
  try {
    clientId = (JSON.parse(readFileSync(options.legacy, 'utf8')) as { clientId?: unknown }).clientId;
  } catch {
    return false;
  }
  if (typeof clientId !== 'string') return false;
  const state = await new ClientService(ctx).state(clientId);
  if (state?.role !== 'admin' || state.revoked) return false;
  try {
    // link() fails when the new name exists, so nothing is ever replaced.
    linkSync(options.legacy, options.file);
  } catch (error) {
    if ((error as NodeJS.ErrnoException).code === 'EEXIST') return false;
    throw error;
  }
  unlinkSync(options.legacy);
  return true;
}
