// Runs a README command the way a reader's shell would: bash, in a folder, with an environment,
// its own process group (so a timeout or a Ctrl-C reaches everything it started), and the shell
// variables earlier commands of the same block assigned (`SLOT=$(luco slot find ...)`, then
// `luco submission create --slot "$SLOT"`), carried in a state file between commands.
import { spawn } from 'node:child_process';
import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';

/** Names a command assigns (`NAME=...`, `export A=... B=...`): what is carried to the next command. */
export function assignedNames(text) {
  return [...text.matchAll(/(?:^|[\s;&|(])(?:export\s+|readonly\s+)?([A-Za-z_][A-Za-z0-9_]*)=/g)].map((match) => match[1]);
}

/**
 * Starts `text` in bash. `session.stateFile` holds the variables carried from earlier commands;
 * `session.names` is updated with the names this command assigns. Returns a handle: its output so
 * far, a wait for a line, a stop (a signal to the whole group) and the exit.
 */
export function startCommand({ text, cwd, env, stdin, session, scriptFile }) {
  const names = [...new Set([...(session?.names ?? []), ...assignedNames(text)])];
  if (session) session.names = names;
  const state = session?.stateFile;
  const script = [
    // A signal to the group (a Ctrl-C) is for the command: this shell waits for it to end and
    // reports its status, as a reader's interactive shell would.
    "trap ':' INT TERM",
    state ? `if [ -f '${state}' ]; then . '${state}'; fi` : '',
    text,
    '__readme_status=$?',
    state && names.length > 0 ? `{ for __readme_name in ${names.join(' ')}; do declare -p "$__readme_name" 2>/dev/null; done; } > '${state}.next'` : '',
    'exit $__readme_status',
    '',
  ].join('\n');
  writeFileSync(scriptFile, script);

  const child = spawn('bash', [scriptFile], { cwd, env, detached: true, stdio: [stdin === undefined ? 'ignore' : 'pipe', 'pipe', 'pipe'] });
  if (stdin !== undefined) child.stdin.end(stdin);
  let stdout = '';
  let stderr = '';
  const waiters = new Set();
  const notify = () => {
    for (const waiter of waiters) waiter();
  };
  child.stdout.on('data', (chunk) => {
    stdout += chunk;
    notify();
  });
  child.stderr.on('data', (chunk) => {
    stderr += chunk;
    notify();
  });
  // Set before the waiters hear of the exit, so a wait for a line that never came ends at once.
  let done = false;
  const exited = new Promise((resolve) => {
    child.once('close', (code, signal) => {
      if (state && existsSync(`${state}.next`)) renameSync(`${state}.next`, state);
      done = true;
      resolve({ code, signal });
      notify();
    });
    child.once('error', (error) => {
      stderr += `\n(could not run bash: ${error.message})`;
      done = true;
      resolve({ code: null, signal: null });
      notify();
    });
  });

  const signalGroup = (signal) => {
    try {
      process.kill(-child.pid, signal);
    } catch {
      // The group is gone already.
    }
  };

  return {
    pid: child.pid,
    output: () => ({ stdout, stderr }),
    exited,
    /** Resolves with the match once `pattern` shows in stdout or stderr; rejects on exit or timeout. */
    waitFor(pattern, timeoutMs) {
      return new Promise((resolve, reject) => {
        const check = () => {
          const match = pattern.exec(stdout) ?? pattern.exec(stderr);
          if (match) finish(undefined, match);
          else if (done) finish(new Error(`it exited before printing ${pattern}`));
        };
        const timer = setTimeout(() => finish(new Error(`${pattern} did not show within ${timeoutMs / 1000} s`)), timeoutMs);
        const finish = (error, match) => {
          clearTimeout(timer);
          waiters.delete(check);
          if (error) reject(error);
          else resolve(match);
        };
        waiters.add(check);
        check();
      });
    },
    /**
     * Sends `signal` to the command's process group (SIGKILL if it is still there after
     * `graceMs`). `leftover`: something of the group outlived the command (a server that did not
     * stop); it is killed.
     */
    async stop(signal = 'SIGINT', graceMs = 15_000) {
      if (!done) signalGroup(signal);
      const timer = setTimeout(() => signalGroup('SIGKILL'), graceMs);
      const result = await exited;
      clearTimeout(timer);
      const leftover = !(await groupGone(child.pid, 10_000));
      if (leftover) signalGroup('SIGKILL');
      return { ...result, leftover };
    },
  };
}

/** Whether process group `pid` is empty, polled for up to `waitMs`. */
async function groupGone(pid, waitMs) {
  const until = Date.now() + waitMs;
  for (;;) {
    try {
      process.kill(-pid, 0);
    } catch {
      return true;
    }
    if (Date.now() > until) return false;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Runs `text` to its end (killed after `timeoutMs`): `{ code, signal, stdout, stderr, timedOut }`. */
export async function runCommand(options) {
  const handle = startCommand(options);
  let timedOut = false;
  const timer = setTimeout(() => {
    timedOut = true;
    void handle.stop('SIGKILL');
  }, options.timeoutMs ?? 60_000);
  const { code, signal } = await handle.exited;
  clearTimeout(timer);
  // A background process the command left behind must not outlive it.
  try {
    process.kill(-handle.pid, 'SIGKILL');
  } catch {
    // None left.
  }
  return { code, signal, ...handle.output(), timedOut };
}

/** The variables in a session's state file (bash `declare -p` lines), for checks. */
export function readState(stateFile) {
  if (!existsSync(stateFile)) return {};
  const values = {};
  for (const line of readFileSync(stateFile, 'utf8').split('\n')) {
    const match = /^declare -[-\w]* ([A-Za-z_][A-Za-z0-9_]*)="(.*)"$/.exec(line);
    if (match) values[match[1]] = match[2].replace(/\\(["\\$`])/g, '$1');
  }
  return values;
}
