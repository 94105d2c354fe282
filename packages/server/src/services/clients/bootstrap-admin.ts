import { chmodSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AppContext } from '../../context.js';
import { ClientService } from './clients.js';
import { claimOnce } from '../../storage/repositories/server-state.js';
import { preparePrivateFolder, warnOnStderr, type Warn } from '../../storage/private-files.js';

export const ADMIN_CREDENTIALS_FILE = 'admin-credentials.json';

/**
 * On the first start with an empty database, creates one admin client and writes its secret to
 * a file only the owner can read. Returns the file's path, or undefined when clients existed.
 */
export async function bootstrapAdmin(ctx: Pick<AppContext, 'db' | 'now'>, options: { folder: string; resourceId: string; warn?: Warn }): Promise<string | undefined> {
  const clients = new ClientService(ctx);
  if ((await clients.count()) > 0) return undefined;
  // Instances starting together on one empty database: only the one that claims it bootstraps.
  if (!(await claimOnce(ctx.db, 'bootstrap-admin', 'claimed', ctx.now()))) return undefined;
  const admin = await clients.create('admin', 'bootstrap admin');
  preparePrivateFolder(options.folder, options.warn ?? warnOnStderr);
  const path = join(options.folder, ADMIN_CREDENTIALS_FILE);
  const content = {
    clientId: admin.clientId,
    clientSecret: admin.clientSecret,
    role: admin.role,
    scope: `${options.resourceId}/.default`,
    note: 'Created at the first start of luco-server. Exchange these at POST /oauth2/token (client credentials). Keep this file private.',
  };
  writeFileSync(path, `${JSON.stringify(content, null, 2)}\n`, { mode: 0o600 });
  chmodSync(path, 0o600);
  return path;
}
