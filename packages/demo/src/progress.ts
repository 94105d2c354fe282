import type { Style } from './style.js';
import { createStyle } from './style.js';

/** What progress output needs of a stream: process.stderr, or a test's capture. */
export interface ProgressStream {
  write(text: string): unknown;
  isTTY?: boolean | undefined;
  columns?: number | undefined;
}

/**
 * Progress on stderr, so stdout holds only the summary. On a TTY, `update` rewrites one line in
 * place; elsewhere (CI logs, pipes) updates are dropped and only `line`s are printed, because
 * thirty rewrites of one line become thirty lines of noise there.
 */
export class Progress {
  readonly style: Style;
  readonly #stream: ProgressStream;
  readonly #tty: boolean;
  #transient = false;

  constructor(stream: ProgressStream, env: Readonly<Record<string, string | undefined>> = process.env) {
    this.#stream = stream;
    this.#tty = stream.isTTY === true && env.TERM !== 'dumb';
    this.style = createStyle(stream, env);
  }

  /** A transient status (TTY only), replaced by the next update or line. */
  update(text: string): void {
    if (!this.#tty) return;
    // A line longer than the terminal wraps, and \r would then rewrite only its last row.
    const width = Math.max(20, (this.#stream.columns || 80) - 1); // 0: a terminal that does not say
    const fitted = text.length > width ? `${text.slice(0, width - 1)}…` : text;
    this.#stream.write(`\r\x1b[2K${fitted}`);
    this.#transient = true;
  }

  /** A line that stays. */
  line(text: string): void {
    this.clear();
    this.#stream.write(`${text}\n`);
  }

  /** Removes the transient line, if any (before other output, and at the end). */
  clear(): void {
    if (!this.#transient) return;
    this.#stream.write('\r\x1b[2K');
    this.#transient = false;
  }
}
