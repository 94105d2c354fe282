// Runs one README item with its manifest entry on the fresh clone, and says what went wrong.
import { execFileSync, execSync } from 'node:child_process';
import { chmodSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:net';
import { join } from 'node:path';
import { cloneRepository, commandEnv, localPrebuildEnv } from './clone.mjs';
import { outcomeFailures, shown } from './outcome.mjs';
import { Services } from './services.mjs';
import { readState, runCommand, startCommand } from './shell.mjs';
import { snippetSource, typecheckSnippets } from './snippets.mjs';

export const DEFAULT_TIMEOUT_MS = 120_000;

/** Clones the repository, installs it (`npm ci`), and returns the context every step shares. */
export async function prepareRun(repo) {
  const paths = cloneRepository(repo);
  // A nested run (a README command that runs the tests) must not start this check again.
  const env = { ...commandEnv({ home: paths.home }), LUCOTS_README_CHECK: 'nested' };
  mkdirSync(join(paths.root, 'steps'), { recursive: true });
  mkdirSync(join(paths.clone, '.readme-check', 'elsewhere'), { recursive: true });
  const installEnv = { ...env, ...localPrebuildEnv(repo, join(paths.root, 'prebuilds')) };
  const install = await runCommand({ text: 'npm ci', cwd: paths.clone, env: installEnv, scriptFile: join(paths.root, 'steps', 'npm-ci.sh'), timeoutMs: 900_000 });
  if (install.code !== 0) throw new Error(`npm ci failed in the fresh clone (exit ${install.code}):\n${shown(install.stdout + install.stderr, [])}`);
  return {
    ...paths,
    env,
    services: new Services(paths, env),
    /** What entries pass on to later ones (a client id...). */
    values: {},
    /** Kept out of failure messages. */
    secrets: [],
    sessions: new Map(),
    demo: undefined,
    pg: undefined,
    typecheck: undefined,
    /** A helper command for `before` hooks, in the clone. */
    run: (command) => execSync(command, { cwd: paths.clone, env, encoding: 'utf8' }),
  };
}

/** Stops what the run started and removes its folder (LUCOTS_README_CHECK_KEEP=1 keeps it). */
export async function finishRun(ctx) {
  await ctx.services.stopAll();
  if (process.env.LUCOTS_README_CHECK_KEEP !== '1') rmSync(ctx.root, { recursive: true, force: true });
}

/** A step's test timeout: its command's, plus time to start or stop a server around it. */
export function stepTimeout({ entry }) {
  return (entry.timeoutMs ?? DEFAULT_TIMEOUT_MS) + 150_000;
}

/**
 * Runs one step; throws an Error listing every way its outcome differs from the entry's `expect`,
 * with the command as run and its output (secrets redacted).
 */
export async function runStep(step, ctx, allSteps) {
  const { item, entry } = step;
  if (entry.server === 'none') await ctx.services.stopServers();
  if (entry.server === 'demo') {
    ctx.demo = await ctx.services.demo();
    ctx.secrets.push(ctx.demo.clientSecret);
  }
  if (entry.postgres) ctx.pg = ctx.services.postgres();
  if (entry.server === 'none' && /8080/.test(entry.longRunning?.ready?.source ?? '') && !(await portFree(8080))) {
    throw new Error('port 8080 is taken by something else on this machine, and this command serves on it as written: free the port');
  }
  await entry.before?.(ctx);

  let cwd = { work: ctx.work, elsewhere: join(ctx.clone, '.readme-check', 'elsewhere') }[entry.cwd] ?? ctx.clone;
  for (const [name, content] of Object.entries(entry.files ?? {})) {
    writeFileSync(join(cwd, name), content);
    chmodSync(join(cwd, name), 0o755);
  }
  const env = { ...ctx.env };
  if (entry.lucoEnv) Object.assign(env, await ctx.services.demoEnv());
  if (entry.onPath) env.PATH = `${join(ctx.clone, 'node_modules', '.bin')}:${env.PATH}`;
  Object.assign(env, entry.env?.(ctx) ?? {});

  const tag = `${item.readme.replace(/[^A-Za-z0-9]+/g, '-')}-${item.line}`;
  let text = entry.instead ? entry.instead.command : substitute(item.text, entry.substitute ?? [], ctx);
  if (item.kind === 'snippet') {
    ctx.typecheck ??= typecheckSnippets(ctx, allSteps.filter((other) => other.item.kind === 'snippet'));
    const diagnostics = (await ctx.typecheck).get(step) ?? [];
    if (diagnostics.length > 0) throw new Error(`the snippet does not typecheck (with its manifest prelude and epilogue):\n${diagnostics.join('\n')}`);
    const file = join('.readme-check', `${tag}.ts`);
    writeFileSync(join(ctx.clone, file), snippetSource(step, text));
    text = `npx tsx ${file}`;
    cwd = ctx.clone;
  } else if (item.kind === 'script') {
    const file = `readme-script-${item.line}.sh`;
    writeFileSync(join(cwd, file), `${text}\n`);
    chmodSync(join(cwd, file), 0o755);
    text = `./${file}`;
  }

  const session = item.kind === 'command' ? sessionOf(ctx, item) : undefined;
  const run = { text, cwd, env, stdin: entry.stdin?.(ctx), session, scriptFile: join(ctx.root, 'steps', `${tag}.sh`), timeoutMs: entry.timeoutMs ?? DEFAULT_TIMEOUT_MS };
  const failures = [];
  let result;
  if (entry.longRunning) {
    const handle = startCommand(run);
    try {
      await handle.waitFor(entry.longRunning.ready, run.timeoutMs);
    } catch (error) {
      failures.push(`it never showed it was up: ${error.message}`);
    }
    const { code, signal, leftover } = await handle.stop(entry.longRunning.stop);
    if (leftover) failures.push(`something it started was still running 10 s after ${entry.longRunning.stop}`);
    result = { code, signal, ...handle.output(), timedOut: false };
  } else {
    result = await runCommand(run);
  }
  failures.push(...outcomeFailures(result, entry.expect, ctx, session ? readState(session.stateFile) : {}));
  if (failures.length === 0 && entry.after) {
    try {
      await entry.after(ctx, result);
    } catch (error) {
      failures.push(error.message);
    }
  }
  if (failures.length > 0) {
    throw new Error(
      [
        `${item.readme}:${item.line}: ${failures.join('; ')}`,
        entry.instead ? `(not run as written: ${entry.instead.why})` : '',
        `ran: ${shown(text, ctx.secrets)}  (in ${cwd === ctx.clone ? 'the clone' : cwd})`,
        `exit: ${result.code ?? result.signal}`,
        `stdout:\n${shown(result.stdout, ctx.secrets)}`,
        `stderr:\n${shown(result.stderr, ctx.secrets)}`,
      ]
        .filter(Boolean)
        .join('\n'),
    );
  }
}

/** Replaces each placeholder (which must be there) with its value. */
export function substitute(text, pairs, ctx) {
  let out = text;
  for (const [placeholder, value] of pairs) {
    if (!out.includes(placeholder)) throw new Error(`the manifest replaces ${JSON.stringify(placeholder)}, which the README text no longer holds:\n${text}`);
    out = out.split(placeholder).join(value(ctx));
  }
  return out;
}

/** One shell session per README block: the variables its commands assign carry to the next ones. */
function sessionOf(ctx, item) {
  const key = `${item.readme}#${item.block}`;
  if (!ctx.sessions.has(key)) ctx.sessions.set(key, { stateFile: join(ctx.root, 'steps', `state-${ctx.sessions.size}.sh`), names: [] });
  return ctx.sessions.get(key);
}

function portFree(port) {
  return new Promise((resolve) => {
    const probe = createServer();
    probe.once('error', () => resolve(false));
    probe.listen({ port, host: '127.0.0.1', exclusive: true }, () => probe.close(() => resolve(true)));
  });
}

/** The repository this file is in (the one to clone). */
export function repositoryRoot(from) {
  return execFileSync('git', ['-C', from, 'rev-parse', '--show-toplevel'], { encoding: 'utf8' }).trim();
}
