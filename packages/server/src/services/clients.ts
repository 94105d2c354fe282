import { generateClientId, generateClientSecret, hashSecret, type Role, verifySecret } from '../auth/index.js';
import { ClientRepository, type ClientRecord } from '../storage/repositories/clients.js';
import type { AppContext } from '../context.js';

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

  /** The active client these credentials belong to, or undefined. */
  async authenticate(clientId: string, clientSecret: string): Promise<ClientRecord | undefined> {
    const found = await this.#clients.findActive(clientId);
    if (!found) return undefined;
    return (await verifySecret(clientSecret, found.secretHash)) ? found.record : undefined;
  }
}
