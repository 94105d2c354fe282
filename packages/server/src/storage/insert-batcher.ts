/**
 * Coalesces the rows that concurrent requests insert into one table during one event-loop turn
 * into a single insert, so N concurrent writers pay for one commit (one WAL append on SQLite, one
 * flush on PostgreSQL) instead of N. Each caller's promise settles only after its rows are
 * committed, so an answered request never loses data; each caller's rows keep their order.
 */
export class InsertBatcher<Row> {
  #pending: Array<{ rows: readonly Row[]; resolve: () => void; reject: (error: unknown) => void }> = [];
  #scheduled = false;

  constructor(private readonly insert: (rows: readonly Row[]) => Promise<void>) {}

  add(rows: readonly Row[]): Promise<void> {
    if (rows.length === 0) return Promise.resolve();
    return new Promise((resolve, reject) => {
      this.#pending.push({ rows, resolve, reject });
      if (!this.#scheduled) {
        this.#scheduled = true;
        setImmediate(() => void this.#flush());
      }
    });
  }

  async #flush(): Promise<void> {
    const batch = this.#pending;
    this.#pending = [];
    this.#scheduled = false;
    try {
      await this.insert(batch.flatMap((entry) => entry.rows));
      for (const entry of batch) entry.resolve();
    } catch (error) {
      if (batch.length === 1) {
        batch[0]?.reject(error);
        return;
      }
      // One caller's bad rows must not fail the others: insert each caller's rows on their own.
      for (const entry of batch) {
        try {
          await this.insert(entry.rows);
          entry.resolve();
        } catch (own) {
          entry.reject(own);
        }
      }
    }
  }
}
