import pg from 'pg';

const RECONNECT_MIN_MS = 250;
const RECONNECT_MAX_MS = 10_000;

/**
 * One dedicated PostgreSQL connection that LISTENs on a channel and reconnects when it drops.
 * NOTIFY is not replayed to a session that was not listening, so after every (re)connect the
 * owner is told (`onConnected`) and re-reads what it cares about instead of trusting it missed nothing.
 */
export class PgListener {
  #client: pg.Client | undefined;
  #stopped = false;
  #delay = RECONNECT_MIN_MS;
  #timer: NodeJS.Timeout | undefined;

  constructor(
    private readonly url: string,
    private readonly channel: string,
    private readonly onMessage: (payload: string) => void,
    private readonly onConnected: () => void,
    private readonly onError: (error: Error) => void,
  ) {}

  start(): void {
    void this.#connect();
  }

  async stop(): Promise<void> {
    this.#stopped = true;
    if (this.#timer) clearTimeout(this.#timer);
    const client = this.#client;
    this.#client = undefined;
    await client?.end().catch(() => undefined);
  }

  async #connect(): Promise<void> {
    if (this.#stopped) return;
    const client = new pg.Client({ connectionString: this.url });
    client.on('notification', (message) => {
      if (message.channel === this.channel) this.onMessage(message.payload ?? '');
    });
    client.on('error', (error) => this.#lost(client, error));
    client.on('end', () => this.#lost(client, new Error('the LISTEN connection ended')));
    try {
      await client.connect();
      await client.query(`listen ${pg.escapeIdentifier(this.channel)}`);
    } catch (error) {
      this.#lost(client, error as Error);
      return;
    }
    if (this.#stopped) {
      await client.end().catch(() => undefined);
      return;
    }
    this.#client = client;
    this.#delay = RECONNECT_MIN_MS;
    this.onConnected();
  }

  #lost(client: pg.Client, error: Error): void {
    if (this.#stopped || (this.#client !== undefined && this.#client !== client)) return;
    this.#client = undefined;
    client.removeAllListeners();
    client.on('error', () => undefined);
    void client.end().catch(() => undefined);
    this.onError(error);
    this.#timer = setTimeout(() => void this.#connect(), this.#delay);
    this.#timer.unref();
    this.#delay = Math.min(this.#delay * 2, RECONNECT_MAX_MS);
  }
}
