import { existsSync, readFileSync } from 'node:fs';
import { basename, dirname, extname, join } from 'node:path';
import { AuthError } from '@lucots/sdk';

/** What luco-server writes to its admin credentials file on its first start. */
export interface AdminCredentials {
  clientId: string;
  clientSecret: string;
}

/**
 * Where luco-server keeps the admin credential it created for the database `databaseFile`.
 * The demo's only knowledge of that file's name: everything else asks this function.
 */
export function adminCredentialsFile(databaseFile: string): string {
  // luco-server names it after the database file: `luco.db` -> `admin-credentials.luco.json`.
  return join(dirname(databaseFile), `admin-credentials.${basename(databaseFile, extname(databaseFile))}.json`);
}

/** The admin credential of `databaseFile`, or an error that says how to get one. */
export function readAdminCredentials(databaseFile: string, show: (path: string) => string = (path) => path): AdminCredentials {
  const file = adminCredentialsFile(databaseFile);
  if (!existsSync(file)) {
    // The server writes it only when it creates the first client, i.e. on an empty database.
    throw new Error(
      `${show(file)} is missing, so the demo has no admin credential for the database ${show(databaseFile)}.\n` +
        recovery(databaseFile, show),
    );
  }
  let content: Partial<AdminCredentials>;
  try {
    content = JSON.parse(readFileSync(file, 'utf8')) as Partial<AdminCredentials>;
  } catch (error) {
    throw new Error(`${show(file)} is not JSON (${(error as Error).message}).\n${recovery(databaseFile, show)}`);
  }
  if (typeof content.clientId !== 'string' || typeof content.clientSecret !== 'string') {
    throw new Error(`${show(file)} has no clientId and clientSecret.\n${recovery(databaseFile, show)}`);
  }
  return { clientId: content.clientId, clientSecret: content.clientSecret };
}

/**
 * When the server refused the credential (`invalid_client`: an unknown client, a wrong secret or
 * a revoked client), an error that names the file, the client and the way out; never the secret.
 */
export function explainRefusedCredential(error: unknown, databaseFile: string, clientId: string, show: (path: string) => string = (path) => path): Error | undefined {
  if (!(error instanceof AuthError) || !error.code?.startsWith('invalid_client')) return undefined;
  const file = show(adminCredentialsFile(databaseFile));
  return new Error(
    `luco-server refused the admin credential in ${file} (invalid_client).\n` +
      `The demo read client ${clientId} from that file, but the database ${show(databaseFile)} has a different admin: ` +
      'the file was written for another database (or the client was revoked).\n' +
      recovery(databaseFile, show),
    { cause: error },
  );
}

/** The two ways out, as commands to copy: start afresh, or give this database a new admin client. */
function recovery(databaseFile: string, show: (path: string) => string): string {
  const folder = show(dirname(databaseFile));
  const file = show(adminCredentialsFile(databaseFile));
  return (
    'To recover, either:\n' +
    `  - start afresh, keeping the old data aside: mv ${folder} ${folder}.old && npm start\n` +
    `  - keep this database: create an admin client for it and save it where the demo looks:\n` +
    `      (umask 077 && npx luco-server clients create --role admin --name demo --db ${show(databaseFile)} --json > ${file})`
  );
}
