import { LucoApi, type Logger, type LogLevel } from '@lucots/sdk';
import type { Command } from 'commander';
import { allowHttpOf, configPath, readConfig, resolveSettings, type LoadedConfig, type ResolvedSettings, type Settings } from './config.js';
import { checkSettings } from './missing-settings.js';
import { Output, type Streams } from './output/writer.js';

/** Options every command takes (declared once on the root command). */
export interface GlobalOptions {
  json?: boolean;
  verbose?: boolean;
  baseUrl?: string;
  tenantId?: string;
  clientId?: string;
  resourceId?: string;
  tokenUrl?: string;
  authorityHost?: string;
  allowHttp?: boolean;
  timeout?: number;
  maxRetries?: number;
}

export interface ApiOverrides {
  /** Settings that win over everything else (luco login's secret). */
  settings?: Settings;
  timeoutMs?: number;
  maxRetries?: number;
  /** For `luco login`: what is missing is said in its terms (it never points back at itself). */
  forLogin?: boolean;
}

/** What a command needs: its output, its environment, and a lazily built SDK client. */
export class Context {
  readonly out: Output;
  readonly env: NodeJS.ProcessEnv;
  readonly globals: GlobalOptions;
  readonly stdin: NodeJS.ReadStream;
  #config: Promise<LoadedConfig | undefined> | undefined;
  #api: Promise<LucoApi> | undefined;

  constructor(globals: GlobalOptions, io: { env: NodeJS.ProcessEnv; streams: Streams; stdin: NodeJS.ReadStream }) {
    this.globals = globals;
    this.env = io.env;
    this.stdin = io.stdin;
    this.out = new Output(io.streams, io.env, globals.json === true);
  }

  get json(): boolean {
    return this.out.json;
  }

  get configPath(): string {
    return configPath(this.env);
  }

  /** The config file, read once; warns when others may read it. */
  config(): Promise<LoadedConfig | undefined> {
    this.#config ??= readConfig(this.configPath).then((loaded) => {
      if (loaded?.tooOpen) this.out.warn(`${loaded.path} holds a secret but others may read it; run: chmod 600 ${loaded.path}`);
      return loaded;
    });
    return this.#config;
  }

  /** Flags, then LUCO_* variables, then the config file. */
  async settings(extra: Settings = {}): Promise<ResolvedSettings> {
    const flags: Settings = {
      baseUrl: this.globals.baseUrl,
      tenantId: this.globals.tenantId,
      clientId: this.globals.clientId,
      resourceId: this.globals.resourceId,
      tokenUrl: this.globals.tokenUrl,
      authorityHost: this.globals.authorityHost,
      allowHttp: this.globals.allowHttp ? 'true' : undefined,
      ...extra,
    };
    return resolveSettings(flags, this.env, (await this.config())?.settings);
  }

  /** The SDK client for this invocation (built once). */
  api(): Promise<LucoApi> {
    this.#api ??= this.createApi();
    return this.#api;
  }

  /**
   * A client built from the resolved settings: luco says first what is missing, in its own terms;
   * the SDK then checks the values (URLs, https) and throws ValidationError.
   */
  async createApi(overrides: ApiOverrides = {}): Promise<LucoApi> {
    const { settings, sources, withheld } = await this.settings(overrides.settings);
    checkSettings(settings, overrides.forLogin === true, withheld);
    const { allowHttp: allowHttpSetting, ...connection } = settings;
    const allowHttp = allowHttpOf(allowHttpSetting, sources.allowHttp);
    const timeoutSeconds = this.globals.timeout;
    const level = this.logLevel();
    // The SDK's one warning about plain http is shown at luco's default level too (which hides
    // the SDK's warnings: luco reports failures itself); only LUCO_LOG=off silences it.
    const plainHttpToo = allowHttp && level === 'error';
    return new LucoApi({
      ...connection,
      allowHttp,
      logLevel: plainHttpToo ? 'warn' : level,
      logger: plainHttpToo ? plainHttpWarningsOnly(this.logger(), level) : this.logger(),
      timeout: overrides.timeoutMs ?? (timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000),
      maxRetries: overrides.maxRetries ?? this.globals.maxRetries,
      // Everything was resolved above; the SDK must not read the environment a second time.
      env: {},
    });
  }

  /** Where SDK log lines go: stderr, whatever their level. */
  logger(): Logger {
    return stderrLogger(this.out);
  }

  /**
   * --verbose is the SDK's debug level (its lines are redacted); otherwise LUCO_LOG, else error:
   * luco reports every failure itself, once, so the SDK's warnings would only repeat it.
   */
  logLevel(): LogLevel {
    if (this.globals.verbose) return 'debug';
    return (this.env.LUCO_LOG || 'error') as LogLevel;
  }
}

const LEVEL_RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

/** Lines up to luco's level, and the SDK's warning about plain http (which says its host, never a secret). */
function plainHttpWarningsOnly(sink: Logger, level: LogLevel): Logger {
  const pass = (method: keyof Logger) => (message: string, ...rest: unknown[]): void => {
    if (LEVEL_RANK[method] <= LEVEL_RANK[level] || (method === 'warn' && message.startsWith('[lucots] Plain http to '))) sink[method](message, ...rest);
  };
  return { error: pass('error'), warn: pass('warn'), info: pass('info'), debug: pass('debug') };
}

/** SDK log lines go to stderr whatever their level: console.info/debug would write to stdout. */
function stderrLogger(out: Output): Logger {
  const write = (message: string, ...rest: unknown[]): void => {
    const fields = rest.length > 0 ? ` ${rest.map((item) => (typeof item === 'string' ? item : JSON.stringify(item))).join(' ')}` : '';
    out.note(`${message}${fields}`);
  };
  return { error: write, warn: write, info: write, debug: write };
}

/** The options of a command together with the root's, as commander hands them to an action. */
export function globalsOf(command: Command): GlobalOptions {
  return command.optsWithGlobals<GlobalOptions>();
}
