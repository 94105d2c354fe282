import type { Command } from 'commander';
import { removeConfig } from '../config.js';
import type { Context } from '../context.js';
import type { Runtime } from '../runtime.js';
import { action } from './common.js';

export function registerLogout(program: Command, runtime: Runtime): void {
  program
    .command('logout')
    .description('Remove the config file written by luco login')
    .action(action(runtime, logout));
}

async function logout(ctx: Context): Promise<void> {
  const path = ctx.configPath;
  const removed = await removeConfig(path);
  if (ctx.json) ctx.out.document({ removed, configPath: path });
  else ctx.out.note(removed ? `Removed ${path}` : `Not logged in (no ${path})`);
}
