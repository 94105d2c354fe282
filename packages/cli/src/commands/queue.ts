import type { Command } from 'commander';
import type { Context } from '../context.js';
import { CliError, EXIT } from '../exit-codes.js';
import { DEFAULT_FLUSH_SECONDS, flushQueue, openQueue, writes } from '../queue/delivery.js';
import { queueDir, readQueue } from '../queue/folder.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';
import { queueDirOption } from './run.js';

interface QueueOptions {
  queueDir?: string;
}

export function registerQueue(program: Command, runtime: Runtime): void {
  const queue = program
    .command('queue')
    .description("The delivery queue of `luco run`: writes kept on disk until Luco takes them");
  queue
    .command('status')
    .description('How many writes are queued, the oldest, and the folder (reads the folder; sends nothing)')
    .addOption(queueDirOption())
    .action(action(runtime, status));
  queue
    .command('flush')
    .description(`Deliver what is queued: exit 0 when nothing is left, 5 when Luco is still unreachable (waits at most --timeout, default ${DEFAULT_FLUSH_SECONDS} s)`)
    .addOption(queueDirOption())
    .addHelpText('after', '\n--timeout <seconds> bounds the whole flush here (and each attempt within it).')
    .action(action(runtime, flush));
}

async function status(ctx: Context, options: QueueOptions): Promise<void> {
  const contents = await readQueue(queueDir(options.queueDir, ctx.env));
  if (ctx.json) {
    ctx.out.document({
      folder: contents.folder,
      queued: contents.queued,
      oldest: contents.oldest?.toISOString() ?? null,
      submissions: contents.submissions,
      kinds: contents.kinds,
    });
    return;
  }
  const kinds = Object.entries(contents.kinds)
    .map(([kind, count]) => `${kind} ${count}`)
    .join(', ');
  const rows: Array<[string, string]> = [
    ['queued', contents.queued === 0 ? '0 (nothing to deliver)' : `${writes(contents.queued)}${kinds ? ` (${kinds})` : ''}`],
    ['oldest', contents.oldest ? `${contents.oldest.toISOString()} (${ago(contents.oldest)})` : '-'],
    ['folder', contents.folder],
  ];
  ctx.out.write(rows.map(([key, value]) => `${key.padEnd(7)} ${value}\n`).join(''));
}

async function flush(ctx: Context, options: QueueOptions): Promise<number> {
  const folder = queueDir(options.queueDir, ctx.env);
  const before = await readQueue(folder);
  if (before.queued === 0) {
    if (ctx.json) ctx.out.document({ folder, delivered: 0, refused: 0, dropped: 0, queued: 0, oldest: null });
    else ctx.out.note(`luco: nothing queued in ${folder}`);
    return EXIT.ok;
  }
  const timeoutSeconds = ctx.globals.timeout ?? DEFAULT_FLUSH_SECONDS;
  const api = await ctx.api();
  const opened = await openQueue(ctx, api, folder, {
    onDeadLetter: (record, reason) => {
      if (record.attempts > 0) ctx.out.warn(`Luco refused a queued ${record.kind} write (not retried): ${reason}`);
    },
  });
  const { queue } = opened;
  try {
    if (!queue.store.durable) throw new CliError(`cannot open the queue folder ${folder} (see above); nothing was delivered`, EXIT.failure);
    if (opened.backlog === 0) {
      // The folder holds writes, but of luco processes still running: they deliver them.
      throw new CliError(
        `${writes(before.queued)} in ${folder} belong to luco processes still running, which deliver them; run this again once they have ended`,
        EXIT.unavailable,
      );
    }
    const outcome = await flushQueue(queue, timeoutSeconds * 1000);
    const stats = queue.stats();
    const summary = {
      folder,
      delivered: stats.sent,
      refused: stats.deadLettered,
      dropped: stats.dropped,
      queued: stats.queued,
      oldest: stats.oldestQueuedAt?.toISOString() ?? null,
    };
    if (stats.queued === 0) {
      if (ctx.json) ctx.out.document(summary);
      else {
        const lost = [stats.deadLettered > 0 && `${stats.deadLettered} refused by Luco`, stats.dropped > 0 && `${stats.dropped} dropped`].filter(Boolean);
        ctx.out.note(`luco: delivered ${writes(stats.sent)}${lost.length > 0 ? ` (${lost.join(', ')})` : ''}; nothing left in ${folder}`);
      }
      return EXIT.ok;
    }
    const paused = outcome === 'paused';
    const failure = opened.lastFailure();
    const reason = paused
      ? 'Luco refused the credentials (fix them, e.g. with `luco login`)'
      : outcome === 'timeout'
        ? `Luco did not take them within ${timeoutSeconds} s`
        : `Luco is unreachable${failure ? ` (${failure})` : ''}`;
    if (ctx.json) ctx.out.document({ ...summary, reason });
    ctx.out.error(`${reason}: ${writes(stats.queued)} still queued in ${folder}${stats.sent > 0 ? ` (${writes(stats.sent)} delivered)` : ''}`);
    return paused ? EXIT.auth : EXIT.unavailable;
  } finally {
    await queue.close({ timeout: 0 });
  }
}

function ago(date: Date): string {
  const seconds = Math.max(0, Math.round((Date.now() - date.getTime()) / 1000));
  if (seconds < 120) return `${seconds} s ago`;
  const minutes = Math.round(seconds / 60);
  if (minutes < 120) return `${minutes} min ago`;
  const hours = Math.round(minutes / 60);
  return hours < 48 ? `${hours} h ago` : `${Math.round(hours / 24)} days ago`;
}
