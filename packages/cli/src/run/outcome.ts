import { constants } from 'node:os';

/** How the command ended. */
export interface ChildOutcome {
  code: number | null;
  signal: NodeJS.Signals | null;
  /** Set when the command could not be started at all (not found, not executable). */
  spawnError?: NodeJS.ErrnoException;
  /** The end of its stderr (redacted and cut before it is recorded; empty with --no-stderr-tail). */
  stderrTail: string;
  durationSeconds: number;
  /** When it ended (or failed to start): the time its final status is recorded with. */
  endedAt: Date;
}

/** luco's own exit code: the command's, 128 + n for a death by signal n (as shells report it), 127/126 if it could not start. */
export function exitCodeOf(outcome: ChildOutcome): number {
  if (outcome.spawnError) return outcome.spawnError.code === 'ENOENT' ? 127 : 126;
  if (outcome.signal) return 128 + (constants.signals[outcome.signal] ?? 0);
  return outcome.code ?? 1;
}

export function succeeded(outcome: ChildOutcome): boolean {
  return !outcome.spawnError && outcome.signal === null && outcome.code === 0;
}

/** The Failed status message: the end of the command's stderr, else how it ended. */
export function failureMessage(outcome: ChildOutcome): string {
  if (outcome.spawnError) return `could not start: ${outcome.spawnError.message}`;
  if (outcome.stderrTail !== '') return outcome.stderrTail;
  if (outcome.signal) return `killed by ${outcome.signal}`;
  return `exited with code ${outcome.code ?? 'unknown'}`;
}
