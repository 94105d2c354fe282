import { Command, Option } from 'commander';
import { SDK_VERSION } from '@lucots/sdk';
import { registerAlerts } from './commands/alerts.js';
import { registerConfig } from './commands/config.js';
import { registerEnv } from './commands/env.js';
import { registerLogin } from './commands/login.js';
import { registerLogout } from './commands/logout.js';
import { registerMetrics } from './commands/metrics.js';
import { registerQuality } from './commands/quality.js';
import { registerQueue } from './commands/queue.js';
import { registerRun } from './commands/run.js';
import { registerSequences } from './commands/sequences.js';
import { registerSlot } from './commands/slot.js';
import { registerSlots } from './commands/slots.js';
import { registerWait } from './commands/wait.js';
import { registerStatus } from './commands/status.js';
import { registerSubmission } from './commands/submission.js';
import { timeoutSeconds } from './parse/durations.js';
import { nonNegativeInteger } from './parse/options.js';
import type { Runtime } from './runtime.js';
import { CLI_VERSION } from './version.js';

/**
 * The command tree. Options on the root apply to every command and may be given before or after
 * the command name (`luco --json slot find ...` or `luco slot find ... --json`).
 */
export function buildProgram(runtime: Runtime): Command {
  // exitOverride and output configuration first: subcommands copy them when they are created.
  const program = new Command('luco')
    .exitOverride()
    .configureOutput({
      writeOut: (text) => runtime.streams.stdout.write(text),
      writeErr: (text) => runtime.streams.stderr.write(text),
      // Commander's own errors as one line, in luco's style; main adds nothing more.
      outputError: (text, write) => write(`luco: error: ${text.replace(/^error:\s*/, '').trim()}\n`),
    })
    .configureHelp({ showGlobalOptions: true, sortSubcommands: true })
    .description('The Luco command line: record and inspect data deliveries from shell pipelines, cron jobs and CI steps')
    .version(`${CLI_VERSION} (sdk ${SDK_VERSION})`, '-V, --version')
    .option('--json', 'machine output: JSON on stdout (JSON Lines for overviews)')
    .option('-v, --verbose', "log the SDK's requests on stderr (debug level; secrets redacted)")
    .option('--base-url <url>', 'Luco API URL (env LUCO_BASE_URL)')
    .option('--tenant-id <id>', 'Azure AD tenant (env LUCO_TENANT_ID)')
    .option('--client-id <id>', 'client id (env LUCO_CLIENT_ID)')
    .option('--resource-id <id>', 'resource id; the scope is <id>/.default (env LUCO_RESOURCE_ID)')
    .option('--token-url <url>', 'a full token endpoint instead of the authority (env LUCO_TOKEN_URL)')
    .option('--authority-host <url>', 'Azure AD authority (env LUCO_AUTHORITY_HOST)')
    .option('--allow-http', 'allow plain http to a server off this machine, e.g. in a private network behind a TLS-terminating proxy (env LUCO_ALLOW_HTTP=1)')
    .addOption(new Option('--timeout <seconds>', 'per-attempt request timeout: seconds or a span such as 30s (default 60); luco wait: the whole wait (default 1h)').argParser(timeoutSeconds))
    .addOption(new Option('--max-retries <n>', 'retries of transient failures (default 2)').argParser(nonNegativeInteger))
    .addHelpText(
      'after',
      '\nSettings come from flags, then LUCO_* variables, then the config file `luco login` writes\n' +
        '($LUCO_CONFIG, else $XDG_CONFIG_HOME/luco/config.json, else ~/.config/luco/config.json).\n' +
        'The client secret comes from LUCO_CLIENT_SECRET or the config file, never from a flag (except luco login).\n\n' +
        'Exit codes: 0 ok, 1 failure, 2 usage, 3 not found, 4 auth, 5 unavailable, 6 wrong token URL; luco wait: 7 failed, 8 timed out; luco run: its command\'s.',
    );

  registerLogin(program, runtime);
  registerLogout(program, runtime);
  registerConfig(program, runtime);
  registerSlot(program, runtime);
  registerSubmission(program, runtime);
  registerMetrics(program, runtime);
  registerQuality(program, runtime);
  registerStatus(program, runtime);
  registerEnv(program, runtime);
  registerSequences(program, runtime);
  registerSlots(program, runtime);
  registerRun(program, runtime);
  registerQueue(program, runtime);
  registerAlerts(program, runtime);
  registerWait(program, runtime);
  return program;
}
