import { UNMATCHABLE_SECRET_HASH, generateClientId, generateClientSecret, hashSecret, type Role, verifySecret } from '../../auth/index.js';
import { ClientRepository, type ClientRecord } from '../../storage/repositories/clients.js';
import type { AppContext } from '../../context.js';

// Far above our ids (`luco_` and 16 hex digits); anything longer or with NUL cannot be one.
const MAX_CLIENT_ID_LENGTH = 256;

function isPossibleClientId(clientId: string): boolean {
  return clientId.length <= MAX_CLIENT_ID_LENGTH && !clientId.includes('\u0000');
}

export interface CreatedClient extends ClientRecord {
  /** Shown once; only its hash is stored. */
  clientSecret: string;
}

/** Creating, listing, revoking and authenticating API clients. */
export class ClientService {
  readonly #clients: ClientRepository;

  constructor(private readonly ctx: Pick<AppContext, 'db' | 'now'>) {
    this.#clients = new ClientRepository(ctx.db);
  }

  async create(role: Role, name: string | null): Promise<CreatedClient> {
    const clientId = generateClientId();
    const clientSecret = generateClientSecret();
    const createdOn = this.ctx.now();
    await this.#clients.insert({ clientId, name, role, secretHash: await hashSecret(clientSecret), createdOn });
    return { clientId, name, role, createdOn, revokedOn: null, clientSecret };
  }

  list(): Promise<ClientRecord[]> {
    return this.#clients.list();
  }

  count(): Promise<number> {
    return this.#clients.count();
  }

  revoke(clientId: string): Promise<boolean> {
    return this.#clients.revoke(clientId, this.ctx.now());
  }

  /**
   * The active client these credentials belong to, or undefined. An unknown or revoked id costs
   * the same hash check as a known one, so response times do not reveal which ids exist.
   */
  async authenticate(clientId: string, clientSecret: string): Promise<ClientRecord | undefined> {
    // An id no client can have is not looked up (PostgreSQL refuses text with NUL) but costs the same.
    const found = isPossibleClientId(clientId) ? await this.#clients.findActive(clientId) : undefined;
    const matches = await verifySecret(clientSecret, found?.secretHash ?? UNMATCHABLE_SECRET_HASH);
    return found && matches ? found.record : undefined;
  }

  /** The client's role and whether it is revoked, read now; undefined when it does not exist. */
  state(clientId: string): Promise<{ role: Role; revoked: boolean } | undefined> {
    return this.#clients.findState(clientId);
  }
}
