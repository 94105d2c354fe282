import { createHash, randomBytes } from 'node:crypto';
import type { Principal } from '../../auth/index.js';
import type { AppContext } from '../../context.js';
import { notFound } from '../../errors.js';
import { ClientRepository } from '../../storage/repositories/clients.js';
import { IngestKeyRepository, type IngestKeyRecord } from '../../storage/repositories/ingest-keys.js';

/** Every ingest key starts with this, so the auth check can tell one from a signed token without a lookup. */
export const INGEST_KEY_PREFIX = 'luco_ik_';
const INGEST_KEY = /^luco_ik_[0-9a-f]{12}_[A-Za-z0-9_-]{43}$/;

export function isIngestKey(token: string): boolean {
  return INGEST_KEY.test(token);
}

function hashIngestKey(key: string): string {
  return createHash('sha256').update(key).digest('hex');
}

export interface CreatedIngestKey extends IngestKeyRecord {
  /** Shown once; only its SHA-256 is stored. */
  key: string;
}

/**
 * Long-lived per-client keys for producers that can only send a fixed `Authorization: Bearer`
 * value (OpenLineage's HTTP transport `api_key`). A key acts as its client, with the client's role;
 * revoking the key or the client stops it at the next request (both are read on every use).
 * 256 random bits need no slow hash: a copy of the database cannot be turned back into a key.
 */
export class IngestKeyService {
  readonly #keys: IngestKeyRepository;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'now'>) {
    this.#keys = new IngestKeyRepository(ctx.db);
  }

  async create(clientId: string, name: string | null): Promise<CreatedIngestKey> {
    const state = await new ClientRepository(this.ctx.db).findState(clientId);
    if (!state || state.revoked) throw notFound(`No active client ${clientId}`, { reason: 'client-not-found' });
    const keyId = randomBytes(6).toString('hex');
    const key = `${INGEST_KEY_PREFIX}${keyId}_${randomBytes(32).toString('base64url')}`;
    const createdOn = this.ctx.now();
    await this.#keys.insert({ keyId: `ik_${keyId}`, keyHash: hashIngestKey(key), clientId, name, createdOn });
    return { keyId: `ik_${keyId}`, clientId, name, createdOn, revokedOn: null, key };
  }

  list(clientId?: string): Promise<IngestKeyRecord[]> {
    return this.#keys.list(clientId);
  }

  revoke(keyId: string): Promise<boolean> {
    return this.#keys.revoke(keyId, this.ctx.now());
  }

  /** The principal of a live key of an active client, else undefined. */
  async authenticate(key: string): Promise<Principal | undefined> {
    if (!isIngestKey(key)) return undefined;
    const found = await this.#keys.findActiveClient(hashIngestKey(key));
    return found ? { clientId: found.clientId, role: found.role, source: 'local' } : undefined;
  }
}
