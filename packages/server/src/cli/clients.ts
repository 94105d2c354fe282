import type { Role } from '../auth/index.js';
import { ClientService } from '../services/clients/clients.js';
import { IngestKeyService } from '../services/clients/ingest-keys.js';
import { openDatabase } from '../storage/db.js';
import { migrateToLatest } from '../storage/migrate.js';
import { databaseTarget } from './config.js';

async function withClients<T>(db: string | undefined, work: (clients: ClientService) => Promise<T>): Promise<T> {
  const database = openDatabase(databaseTarget(db));
  try {
    await migrateToLatest(database.db);
    return await work(new ClientService({ db: database.db, now: Date.now }));
  } finally {
    await database.close();
  }
}

/** `clients create`: prints the new id and secret once; only the secret's hash is stored. */
export async function createClient(options: { role: Role; name?: string | undefined; json?: boolean | undefined; db?: string | undefined }): Promise<void> {
  const client = await withClients(options.db, (clients) => clients.create(options.role, options.name ?? null));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ clientId: client.clientId, clientSecret: client.clientSecret, role: client.role, name: client.name })}\n`);
    return;
  }
  process.stdout.write(`client id:     ${client.clientId}\nclient secret: ${client.clientSecret}\nrole:          ${client.role}\n`);
  process.stderr.write('The secret is shown only now; store it somewhere safe.\n');
}

export async function listClients(options: { json?: boolean | undefined; db?: string | undefined }): Promise<void> {
  const list = await withClients(options.db, (clients) => clients.list());
  const rows = list.map((client) => ({
    clientId: client.clientId,
    name: client.name,
    role: client.role,
    createdOn: new Date(client.createdOn).toISOString(),
    revokedOn: client.revokedOn === null ? null : new Date(client.revokedOn).toISOString(),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stderr.write('No clients.\n');
    return;
  }
  for (const row of rows) {
    process.stdout.write(`${row.clientId}\t${row.role}\t${row.revokedOn ? `revoked ${row.revokedOn}` : 'active'}\t${row.name ?? ''}\n`);
  }
}

/** Returns false when the client does not exist or was already revoked. */
export async function revokeClient(clientId: string, options: { db?: string | undefined }): Promise<boolean> {
  return withClients(options.db, (clients) => clients.revoke(clientId));
}

export async function migrate(options: { db?: string | undefined }): Promise<string[]> {
  const database = openDatabase(databaseTarget(options.db));
  try {
    return await migrateToLatest(database.db);
  } finally {
    await database.close();
  }
}

async function withIngestKeys<T>(db: string | undefined, work: (keys: IngestKeyService) => Promise<T>): Promise<T> {
  const database = openDatabase(databaseTarget(db));
  try {
    await migrateToLatest(database.db);
    return await work(new IngestKeyService({ db: database.db, now: Date.now }));
  } finally {
    await database.close();
  }
}

/** `clients ingest-key create <clientId>`: prints the key once (OpenLineage's api_key); only its hash is stored. */
export async function createIngestKey(clientId: string, options: { name?: string | undefined; json?: boolean | undefined; db?: string | undefined }): Promise<void> {
  const key = await withIngestKeys(options.db, (keys) => keys.create(clientId, options.name ?? null));
  if (options.json) {
    process.stdout.write(`${JSON.stringify({ keyId: key.keyId, key: key.key, clientId: key.clientId, name: key.name })}\n`);
    return;
  }
  process.stdout.write(`key id:    ${key.keyId}\ningest key: ${key.key}\nclient:    ${key.clientId}\n`);
  process.stderr.write('The key is shown only now; store it somewhere safe (e.g. as OPENLINEAGE__TRANSPORT__AUTH__API_KEY).\n');
}

export async function listIngestKeys(options: { client?: string | undefined; json?: boolean | undefined; db?: string | undefined }): Promise<void> {
  const list = await withIngestKeys(options.db, (keys) => keys.list(options.client));
  const rows = list.map((key) => ({
    keyId: key.keyId,
    clientId: key.clientId,
    name: key.name,
    createdOn: new Date(key.createdOn).toISOString(),
    revokedOn: key.revokedOn === null ? null : new Date(key.revokedOn).toISOString(),
  }));
  if (options.json) {
    process.stdout.write(`${JSON.stringify(rows)}\n`);
    return;
  }
  if (rows.length === 0) {
    process.stderr.write('No ingest keys.\n');
    return;
  }
  for (const row of rows) process.stdout.write(`${row.keyId}\t${row.clientId}\t${row.revokedOn ? `revoked ${row.revokedOn}` : 'active'}\t${row.name ?? ''}\n`);
}

/** Returns false when the key does not exist or was already revoked. */
export async function revokeIngestKey(keyId: string, options: { db?: string | undefined }): Promise<boolean> {
  return withIngestKeys(options.db, (keys) => keys.revoke(keyId));
}
