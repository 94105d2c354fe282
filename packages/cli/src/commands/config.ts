import type { Command } from 'commander';
import { SETTINGS } from '../config.js';
import type { Context } from '../context.js';
import { renderTable } from '../output/table.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';

export function registerConfig(program: Command, runtime: Runtime): void {
  const config = program.command('config').description('Show where settings come from');
  config
    .command('show')
    .description('Each setting and its source (flag, env or file); the secret only as set/not set')
    .action(action(runtime, show));
}

async function show(ctx: Context): Promise<void> {
  const { settings, sources, withheld = {} } = await ctx.settings();
  // Never the secret itself: only whether one was found, and where.
  const rows = SETTINGS.map(({ key, env, flag }) => ({
    setting: key,
    value: key === 'clientSecret' ? (settings[key] ? '(set)' : undefined) : settings[key],
    source: sources[key],
    env,
    flag,
  }));
  if (ctx.json) {
    ctx.out.document({ configPath: ctx.configPath, settings: Object.fromEntries(rows.map((row) => [row.setting, { value: row.value ?? null, source: row.source ?? null }])), withheld });
    return;
  }
  ctx.out.note(`config file: ${ctx.configPath}`);
  ctx.out.write(
    renderTable(
      [
        { header: 'setting', value: (row) => row.setting },
        { header: 'value', value: (row) => row.value },
        { header: 'source', value: (row) => row.source },
        { header: 'variable', value: (row) => row.env },
      ],
      rows,
      ctx.out.colours,
    ),
  );
  for (const [key, why] of Object.entries(withheld)) ctx.out.note(`${key} from the config file is not used: ${why}`);
}
