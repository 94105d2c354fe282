import type { DeliveryStats, LucoApi } from '@lucots/sdk';
import { Option, type Command } from 'commander';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { DEFAULT_FLUSH_SECONDS, flushQueue, openQueue, writes } from '../queue/delivery.js';
import { isFor, queueDir, readQueue, type ServerQueue, serverText, type Target } from '../queue/folder.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { queueDirOption } from './run.js';

interface QueueOptions {
  queueDir?: string;
}

interface FlushOptions extends QueueOptions {
  toCurrent?: boolean;
}

export function registerQueue(program: Command, runtime: Runtime): void {
  const queue = program
    .command('queue')
    .description("The delivery queue of `luco run`: writes kept on disk until Luco takes them");
  queue
    .command('status')
    .description('How many writes are queued, for which server, the oldest, and the folder (reads the folder; sends nothing)')
    .addOption(queueDirOption())
    .action(action(runtime, status));
  queue
    .command('flush')
    .description(
      `Deliver what is queued for the configured server: exit 0 when none of it is left, 5 when Luco is still unreachable or holds a write back (waits at most --timeout, default ${DEFAULT_FLUSH_SECONDS} s)`,
    )
    .addOption(queueDirOption())
    .addOption(new Option('--to-current', 'also deliver writes queued by an older luco, which did not record their server, to the configured server'))
    .addHelpText(
      'after',
      '\nOnly writes queued for the configured server (its base URL and client id) are sent; writes for other\n' +
        'servers stay in the folder and are listed. --timeout <seconds> bounds the whole flush here (and each attempt within it).',
    )
    .action(action(runtime, flush));
}

/** The server luco is configured for, or undefined when it is not (status works without one). */
async function configuredTarget(ctx: Context): Promise<Target | undefined> {
  try {
    return targetOf(await ctx.api());
  } catch {
    return undefined;
  }
}

function targetOf(api: LucoApi): Target {
  return { baseUrl: api.baseUrl, clientId: api.clientId ?? null };
}

async function status(ctx: Context, options: QueueOptions): Promise<void> {
  const contents = await readQueue(queueDir(options.queueDir, ctx.env));
  const current = contents.queued > 0 ? await configuredTarget(ctx) : undefined;
  const servers = contents.servers.map((server) => ({ ...server, configured: current !== undefined && isFor(server, current) }));
  if (ctx.json) {
    ctx.out.document({
      folder: contents.folder,
      queued: contents.queued,
      oldest: contents.oldest?.toISOString() ?? null,
      submissions: contents.submissions,
      kinds: contents.kinds,
      servers: servers.map((server) => ({ ...server, oldest: server.oldest?.toISOString() ?? null })),
    });
    return;
  }
  const rows: Array<[string, string]> = [
    ['queued', contents.queued === 0 ? '0 (nothing to deliver)' : `${writes(contents.queued)}${kindsText(contents.kinds)}`],
    ['oldest', contents.oldest ? `${contents.oldest.toISOString()} (${ago(contents.oldest)})` : '-'],
    ['folder', contents.folder],
  ];
  for (const server of servers) {
    const note = server.configured ? ', the configured server' : server.baseUrl === null ? ', luco queue flush --to-current sends them to the configured server' : '';
    rows.push(['for', `${serverText(server)}: ${writes(server.queued)}${kindsText(server.kinds)}, oldest ${server.oldest?.toISOString() ?? '-'}${note}`]);
  }
  ctx.out.write(rows.map(([key, value]) => `${key.padEnd(7)} ${value}\n`).join(''));
}

async function flush(ctx: Context, options: FlushOptions): Promise<number> {
  const folder = queueDir(options.queueDir, ctx.env);
  const before = await readQueue(folder);
  if (before.queued === 0) {
    // Nothing for any server: no configuration needed to say so.
    if (ctx.json) ctx.out.document({ folder, server: null, delivered: 0, refused: 0, dropped: 0, queued: 0, oldest: null, otherServers: [] });
    else ctx.out.note(`luco: nothing queued in ${folder}`);
    return EXIT.ok;
  }
  const api = await ctx.api();
  const target = targetOf(api);
  const toCurrent = options.toCurrent === true;
  const mine = before.servers.filter((server) => isFor(server, target) || (toCurrent && server.baseUrl === null));
  const others = before.servers.filter((server) => !mine.includes(server));
  const mineQueued = mine.reduce((sum, server) => sum + server.queued, 0);
  const elsewhere = others.map((server) => ({ baseUrl: server.baseUrl, clientId: server.clientId, queued: server.queued, oldest: server.oldest?.toISOString() ?? null }));
  const server = { baseUrl: target.baseUrl, clientId: target.clientId };

  if (mineQueued === 0) {
    if (ctx.json) ctx.out.document({ folder, server, delivered: 0, refused: 0, dropped: 0, queued: 0, oldest: null, otherServers: elsewhere });
    else ctx.out.note(`luco: nothing queued in ${folder}${others.length > 0 ? ` for ${serverText(target)}` : ''}`);
    noteOthers(ctx, folder, others);
    return EXIT.ok;
  }
  const timeoutSeconds = ctx.globals.timeout ?? DEFAULT_FLUSH_SECONDS;
  const opened = await openQueue(ctx, api, folder, {
    deliverUntargeted: toCurrent,
    onDeadLetter: (record, reason) => {
      if (record.attempts > 0) ctx.out.warn(`Luco refused a queued ${record.kind} write (not retried): ${reason}`);
    },
  });
  const { queue } = opened;
  try {
    if (!queue.store.durable) throw new CliError(`cannot open the queue folder ${folder} (see above); nothing was delivered`, EXIT.failure);
    if (opened.backlog === 0) {
      // The folder holds writes for this server, but of luco processes still running: they deliver them.
      throw new CliError(
        `${writes(mineQueued)} in ${folder} belong to luco processes still running, which deliver them; run this again once they have ended`,
        EXIT.unavailable,
      );
    }
    const outcome = await flushQueue(queue, timeoutSeconds * 1000);
    const stats = queue.stats();
    const summary = {
      folder,
      server,
      delivered: stats.sent,
      refused: stats.deadLettered,
      dropped: stats.dropped,
      queued: stats.queued,
      oldest: stats.oldestQueuedAt?.toISOString() ?? null,
      otherServers: elsewhere,
    };
    if (stats.queued === 0) {
      if (ctx.json) ctx.out.document(summary);
      else {
        const lost = [stats.deadLettered > 0 && `${stats.deadLettered} refused by Luco`, stats.dropped > 0 && `${stats.dropped} dropped`].filter(Boolean);
        ctx.out.note(`luco: delivered ${writes(stats.sent)} to ${serverText(target)}${lost.length > 0 ? ` (${lost.join(', ')})` : ''}; nothing left for it in ${folder}`);
      }
      noteOthers(ctx, folder, others);
      return EXIT.ok;
    }
    const failure = opened.lastFailure();
    const wrongTokenUrl = stats.paused !== null && stats.paused.reason.startsWith('The token URL ');
    const reason =
      outcome === 'paused'
        ? wrongTokenUrl
          ? `the token URL is wrong (${stats.paused?.reason})`
          : 'Luco refused the credentials (fix them, e.g. with `luco login`)'
        : outcome === 'timeout'
          ? `Luco did not take them within ${timeoutSeconds} s`
          : (heldBack(stats) ?? `Luco is unreachable${failure ? ` (${failure})` : ''}`);
    if (ctx.json) ctx.out.document({ ...summary, reason, nextAttemptAt: stats.nextAttemptAt?.toISOString() ?? null });
    ctx.out.error(`${reason}: ${writes(stats.queued)} still queued in ${folder}${stats.sent > 0 ? ` (${writes(stats.sent)} delivered)` : ''}`);
    noteOthers(ctx, folder, others);
    if (outcome === 'paused') return wrongTokenUrl ? EXIT.tokenEndpoint : EXIT.auth;
    return EXIT.unavailable;
  } finally {
    await queue.close({ timeout: 0 });
  }
}

/**
 * Luco answers, but failed a write with a server error: that write, and those behind it in its
 * run, are held back and tried again later (the queue's per-run back-off), while the rest went.
 */
function heldBack(stats: DeliveryStats): string | undefined {
  if (stats.backingOff === 0) return undefined;
  const when = stats.nextAttemptAt ? `; tried again at ${stats.nextAttemptAt.toISOString()}` : '';
  return stats.backingOff === 1
    ? `Luco failed a write with a server error: it is held back, with the writes of its run behind it${when}`
    : `Luco failed writes of ${stats.backingOff} runs with a server error: they are held back, with the writes behind them${when}`;
}

/** Writes in the folder for other servers: never sent here, so say where they wait and how they go. */
function noteOthers(ctx: Context, folder: string, others: readonly ServerQueue[]): void {
  if (others.length === 0 || ctx.json) return;
  const total = others.reduce((sum, server) => sum + server.queued, 0);
  const list = others.map((server) => `${serverText(server)}: ${writes(server.queued)}, oldest ${server.oldest?.toISOString() ?? '-'}`).join('; ');
  const unknown = others.some((server) => server.baseUrl === null) ? '; luco queue flush --to-current sends those of an unknown server to this one' : '';
  ctx.out.note(`luco: ${writes(total)} in ${folder} ${total === 1 ? 'waits' : 'wait'} for other servers, not sent here: ${list}. luco queue flush configured for a server delivers its writes${unknown}`);
}

function kindsText(kinds: Record<string, number>): string {
  const text = Object.entries(kinds)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  return text ? ` (${text})` : '';
}

function ago(date: Date): string {
  const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
