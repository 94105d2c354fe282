import { execFile } from 'node:child_process';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { SERVER_BIN, type ServerProcess } from './server-process.js';

/** How long the printed sign-in link works: long enough to open it, short enough to be harmless in a scrollback. */
export const DEMO_LINK_MINUTES = 10;

export interface DemoReaderLink {
  /** The demo reader's client id (its secret stays in `credentialsFile`). */
  clientId: string;
  credentialsFile: string;
  /** A one-time dashboard sign-in link, `<server>/ui/sign-in#link=...`. */
  url: string;
  expiresOn: string;
}

/** Where the demo keeps its reader's credential, beside the admin one. */
export function readerCredentialsFile(databaseFile: string): string {
  return join(dirname(databaseFile), 'reader-credentials.luco.json');
}

/**
 * The dashboard's way in for `npm start`: a reader client (made once, kept in a 0600 file beside
 * the database; made again when it was revoked or its file lost) and a fresh one-time sign-in link
 * for it. A reader, not the admin: the link in a terminal should open no more than looking.
 * Both go through `luco-server`'s own commands, as an operator would run them.
 */
export async function demoReaderLink(server: ServerProcess): Promise<DemoReaderLink> {
  const db = ['--db', server.databaseFile];
  const credentialsFile = readerCredentialsFile(server.databaseFile);
  const active = JSON.parse(await runServerCommand(['clients', 'list', '--json', ...db])) as Array<{ clientId: string; revokedOn: string | null }>;
  let clientId = storedReaderId(credentialsFile);
  if (clientId === undefined || !active.some((client) => client.clientId === clientId && client.revokedOn === null)) {
    const created = JSON.parse(await runServerCommand(['clients', 'create', '--role', 'reader', '--name', 'demo reader', '--json', ...db])) as { clientId: string; clientSecret: string };
    writeFileSync(credentialsFile, `${JSON.stringify({ clientId: created.clientId, clientSecret: created.clientSecret }, null, 2)}\n`, { mode: 0o600 });
    clientId = created.clientId;
  }
  const link = JSON.parse(await runServerCommand(['ui-link', '--client', clientId, '--ttl', `${DEMO_LINK_MINUTES}m`, '--public-url', server.url, '--json', ...db])) as { url: string; expiresOn: string };
  return { clientId, credentialsFile, url: link.url, expiresOn: link.expiresOn };
}

function storedReaderId(file: string): string | undefined {
  if (!existsSync(file)) return undefined;
  try {
    const content = JSON.parse(readFileSync(file, 'utf8')) as { clientId?: unknown; clientSecret?: unknown };
    return typeof content.clientId === 'string' && typeof content.clientSecret === 'string' ? content.clientId : undefined;
  } catch {
    // An unreadable file is replaced by a new reader: nothing in it is worth keeping.
    return undefined;
  }
}

function runServerCommand(args: string[]): Promise<string> {
  return new Promise((resolve, reject) => {
    execFile(process.execPath, [SERVER_BIN, ...args], { timeout: 30_000 }, (error, stdout, stderr) => {
      const command = args.filter((arg, index) => index < 2 && !arg.startsWith('--')).join(' ');
      if (error) reject(new Error(`luco-server ${command} failed: ${stderr.trim() || error.message}`));
      else resolve(stdout);
    });
  });
}
