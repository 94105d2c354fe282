import { spawn } from 'node:child_process';
import type { ChildOutcome } from './outcome.js';
import { StderrTail, TAIL_CHARS } from './stderr-tail.js';

const FORWARDED: readonly NodeJS.Signals[] = ['SIGINT', 'SIGTERM'];
/** After the command exits, how long to wait for its stderr to drain (a background child may hold it open). */
const DRAIN_MS = 2000;

/**
 * Runs the command with stdin and stdout inherited (untouched, live), and stderr passed through to
 * ours while its last 8 KB are kept. SIGINT and SIGTERM sent to luco are passed on to the command,
 * and luco waits for it to end rather than dying first.
 */
export function runChild(command: string, args: readonly string[], options: { env: NodeJS.ProcessEnv; stderr: NodeJS.WritableStream }): Promise<ChildOutcome> {
  const started = performance.now();
  // Twice what is sent: the tail is redacted before it is cut (see failureTail).
  const tail = new StderrTail(2 * TAIL_CHARS);
  const child = spawn(command, args, { env: options.env, stdio: ['inherit', 'inherit', 'pipe'] });

  const forward = (signal: NodeJS.Signals): void => {
    child.kill(signal);
  };
  for (const signal of FORWARDED) process.on(signal, forward);

  child.stderr?.on('data', (chunk: Buffer) => tail.push(chunk));
  child.stderr?.pipe(options.stderr, { end: false });

  return new Promise<ChildOutcome>((resolve) => {
    let settled = false;
    const finish = (outcome: Omit<ChildOutcome, 'stderrTail' | 'durationSeconds' | 'endedAt'>, ended: number, endedAt: Date): void => {
      if (settled) return;
      settled = true;
      for (const signal of FORWARDED) process.off(signal, forward);
      child.stderr?.unpipe(options.stderr);
      const durationSeconds = Math.round(ended - started) / 1000;
      resolve({ ...outcome, stderrTail: tail.text(), durationSeconds, endedAt });
    };
    child.once('error', (error: NodeJS.ErrnoException) => {
      // Only a failure to start ends the run here; a failed kill() also lands on 'error'.
      if (child.pid === undefined) finish({ code: null, signal: null, spawnError: error }, performance.now(), new Date());
    });
    child.once('exit', (code, signal) => {
      const ended = performance.now();
      const endedAt = new Date();
      const done = (): void => finish({ code, signal }, ended, endedAt);
      if (!child.stderr || child.stderr.readableEnded) return done();
      const timer = setTimeout(done, DRAIN_MS);
      child.stderr.once('end', () => {
        clearTimeout(timer);
        done();
      });
    });
  });
}
