import type { Command } from 'commander';
import type { Runtime } from '../runtime.js';
import { registerAlertChannels } from './alerts-channels.js';
import { registerAlertList } from './alerts-list.js';
import { registerAlertRules } from './alerts-rules.js';

/** `luco alerts`: a LucoTS server's alerts (readers), rules and channels (admins). */
export function registerAlerts(program: Command, runtime: Runtime): void {
  const alerts = program
    .command('alerts')
    .description('Alerts raised by a LucoTS server, and the rules and channels behind them (a LucoTS extension)')
    .addHelpText('after', '\nThe hosted Luco API has no alerts: these commands need a LucoTS server (luco-server).');
  registerAlertList(alerts, runtime);
  registerAlertRules(alerts, runtime);
  registerAlertChannels(alerts, runtime);
}
