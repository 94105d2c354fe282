import { setImmediate as nextTurn } from 'node:timers/promises';

/** How long work may run before it lets other callbacks in: with one chunk on top, still well under 50 ms. */
const DEFAULT_BUDGET_MS = 10;

/**
 * Lets long work share the event loop. SQLite queries run synchronously, so a loop of them never
 * gives other requests (/healthz included), timers or signals a turn; `breathe()` between units of
 * work yields once the budget has been used since the last yield, and is free otherwise.
 */
export class EventLoopPacer {
  #since = performance.now();

  constructor(private readonly budgetMs = DEFAULT_BUDGET_MS) {}

  async breathe(): Promise<void> {
    if (performance.now() - this.#since < this.budgetMs) return;
    await nextTurn();
    this.#since = performance.now();
  }
}
