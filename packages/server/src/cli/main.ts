import { Command, InvalidArgumentError, Option } from 'commander';
import { SERVER_VERSION } from '../version.js';
import { createClient, createIngestKey, listClients, listIngestKeys, migrate, revokeClient, revokeIngestKey } from './clients.js';
import { parseBackfillDays, parseLogFormat, parseLogLevel, parseMaterializeDays, parsePoolSize, parsePort, parseRole, parseTrustProxy } from './config.js';
import { KeyEncryptionKeys } from '../auth/index.js';
import { serve } from './serve.js';
import { resolveServeSettings } from './serve-environment.js';
import { UsageError } from './usage-error.js';
import { createUiLink, parseLinkTtl } from './ui-link.js';

/** Exit codes: 0 ok, 1 failure, 2 usage, 3 not found. */
export const EXIT = { ok: 0, failure: 1, usage: 2, notFound: 3 } as const;

function wrap<T>(parse: (value: string) => T): (value: string) => T {
  return (value) => {
    try {
      return parse(value);
    } catch (error) {
      throw new InvalidArgumentError((error as Error).message);
    }
  };
}

const dbOption = () => new Option('--db <pathOrUrl>', 'SQLite file or postgres:// URL (env LUCO_DATABASE_URL; default ./.luco/luco.db)');

export function buildProgram(): Command {
  // exitOverride first: subcommands inherit it only when they are added after it.
  const program = new Command('luco-server').exitOverride().description('A self-hostable Luco API server').version(SERVER_VERSION).showHelpAfterError();

  program
    .command('serve')
    .description('Run the API (migrates the database first)')
    .option('--host <host>', 'address to listen on', '127.0.0.1')
    .option('--port <port>', 'port to listen on (0: any free port)', wrap(parsePort), 8080)
    .addOption(dbOption())
    .option('--tls-cert <file>', 'PEM certificate: serve https')
    .option('--tls-key <file>', 'PEM private key for --tls-cert')
    .option('--no-auth', 'accept every request as an admin (local experiments only)')
    .option('--resource-id <id>', 'the API resource id; clients ask for scope <id>/.default', 'luco')
    .option('--issuer <iss>', 'issuer (iss) of the tokens this server signs', 'luco-server')
    .option('--oidc-issuer <url>', 'also accept tokens of this external OIDC issuer (e.g. Azure AD)')
    .option('--oidc-audience <aud>', 'audience those tokens must have')
    .option('--oidc-jwks-url <url>', 'where that issuer publishes its signing keys')
    .option('--oidc-default-role <role>', 'role for external tokens without a recognised role claim', wrap(parseRole))
    // Options with a LUCO_* variable have no commander default: the variable is read when the
    // command runs (resolveServeSettings), so a bad value is a usage error, not a crash.
    .option('--pool-size <n>', 'PostgreSQL connections per instance (env LUCO_DB_POOL_SIZE; default 10)', wrap(parsePoolSize))
    .option('--materialize-days <n>', 'days back from today whose scheduled slots are created ahead of need (env LUCO_MATERIALIZE_DAYS; default 400)', wrap(parseMaterializeDays))
    .option('--log-level <level>', 'fatal, error, warn, info, debug, trace or silent (env LUCO_LOG_LEVEL; default info)', wrap(parseLogLevel))
    .option('--log-format <format>', 'pretty (one readable line per request) or json (env LUCO_LOG_FORMAT; default pretty on a terminal, else json)', wrap(parseLogFormat))
    .option('--key-file <file>', 'key(s) that encrypt the token-signing keys (env LUCO_KEY_FILE; SQLite default: <db name>.key beside the database; or set LUCO_KEY_ENCRYPTION_KEY)')
    .option('--trust-proxy <hopsOrAddresses>', 'believe X-Forwarded-For from these proxies (a hop count, or comma-separated addresses/CIDRs; env LUCO_TRUST_PROXY)', wrap(parseTrustProxy))
    .option('--public-url <url>', 'the URL people reach this server at, for links in alerts (env LUCO_PUBLIC_URL; default: the listening address)')
    .option('--alert-targets <list>', 'hosts, IPs or CIDRs alert channels may reach besides public https hosts, e.g. loopback,10.0.0.0/8,hooks.internal (env LUCO_ALERT_TARGETS)')
    .option('--alert-backfill-days <n>', 'how far back a new or changed alert rule looks for slots already late, failed or failing checks (env LUCO_ALERT_BACKFILL_DAYS; default 7)', wrap(parseBackfillDays))
    .option('--no-alert-engine', 'do not run the deadline engine and notification sender in this instance')
    .option('--ui-dir <dir>', 'the dashboard build folder served at /ui/ (default: dist/ui of the server package)')
    .option('--openlineage-config <file>', 'the OpenLineage mapping, a JSON file: job -> slot sequence, child runs, unknown jobs (docs/openlineage.md)')
    .option('--openlineage-create-sequences', 'OpenLineage events of an unknown job create an unscheduled slot sequence (else they are refused, 422)')
    .action(async (options) => {
      await serve({ ...options, ...resolveServeSettings(options, process.env, process.stdout.isTTY === true) });
    });

  const clients = program.command('clients').description('Manage API clients (works on the database directly)');
  clients
    .command('create')
    .description('Create a client; prints its id and secret once')
    .requiredOption('--role <role>', 'reader, writer or admin', wrap(parseRole))
    .option('--name <name>', 'a label')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (options) => createClient(options));
  clients
    .command('list')
    .description('List clients (never their secrets)')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (options) => listClients(options));
  clients
    .command('revoke')
    .description('Revoke a client: its secret stops working at once, its tokens within 5 seconds on every instance')
    .argument('<clientId>')
    .addOption(dbOption())
    .action(async (clientId: string, options) => {
      if (!(await revokeClient(clientId, options))) {
        process.stderr.write(`No active client ${clientId}\n`);
        process.exitCode = EXIT.notFound;
        return;
      }
      process.stderr.write(`Revoked ${clientId}\n`);
    });
  const ingestKeys = clients.command('ingest-key').description("A client's long-lived ingest keys: bearer values for OpenLineage's HTTP transport (POST /api/v1/lineage)");
  ingestKeys
    .command('create')
    .description('Create an ingest key for an active client; prints it once')
    .argument('<clientId>')
    .option('--name <name>', 'a label')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (clientId: string, options) => createIngestKey(clientId, options));
  ingestKeys
    .command('list')
    .description('List ingest keys (never the keys themselves)')
    .option('--client <clientId>', 'only this client\'s keys')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (options) => listIngestKeys(options));
  ingestKeys
    .command('revoke')
    .description('Revoke an ingest key: it stops working at once')
    .argument('<keyId>')
    .addOption(dbOption())
    .action(async (keyId: string, options) => {
      if (!(await revokeIngestKey(keyId, options))) {
        process.stderr.write(`No active ingest key ${keyId}\n`);
        process.exitCode = EXIT.notFound;
        return;
      }
      process.stderr.write(`Revoked ${keyId}\n`);
    });

  program
    .command('ui-link')
    .description('Print a one-time dashboard sign-in link for a client (works on the database directly)')
    .requiredOption('--client <clientId>', 'the active client the link signs in as')
    .option('--ttl <duration>', 'how long the link works, 60s to 1h, e.g. 90s, 10m, 1h (default 10m)', wrap(parseLinkTtl))
    .option('--public-url <url>', 'the URL people reach the server at (env LUCO_PUBLIC_URL; default http://localhost:8080)')
    .option('--json', 'print JSON')
    .addOption(dbOption())
    .action(async (options) => {
      const link = await createUiLink(options);
      if (!link) {
        process.stderr.write(`No active client ${options.client}\n`);
        process.exitCode = EXIT.notFound;
        return;
      }
      const expiresOn = new Date(link.expiresOn).toISOString();
      process.stdout.write(options.json ? `${JSON.stringify({ url: link.url, expiresOn })}\n` : `${link.url}\n`);
      if (!options.json) process.stderr.write(`The link signs in once, until ${expiresOn}.\n`);
    });

  const keys = program.command('keys').description('Keys that encrypt the token-signing keys at rest');
  keys
    .command('generate')
    .description('Print a new random key (base64, 32 bytes) for LUCO_KEY_ENCRYPTION_KEY or a key file')
    .action(() => {
      process.stdout.write(`${KeyEncryptionKeys.generateKeyText()}\n`);
    });

  program
    .command('migrate')
    .description('Apply database migrations and exit')
    .addOption(dbOption())
    .action(async (options) => {
      const applied = await migrate(options);
      process.stderr.write(applied.length > 0 ? `Applied ${applied.join(', ')}\n` : 'Already up to date\n');
    });

  return program;
}

export async function run(argv: string[]): Promise<void> {
  try {
    await buildProgram().parseAsync(argv);
  } catch (error) {
    const code = (error as { code?: string }).code;
    if (code === 'commander.helpDisplayed' || code === 'commander.version') process.exit(EXIT.ok);
    if (typeof code === 'string' && code.startsWith('commander.')) process.exit(EXIT.usage);
    if (error instanceof UsageError) {
      process.stderr.write(`luco-server: ${error.message}\n`);
      process.exit(EXIT.usage);
    }
    process.stderr.write(`luco-server: ${(error as Error).message}\n`);
    process.exit(EXIT.failure);
  }
}
