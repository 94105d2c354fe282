import type { Redactor } from './redact.js';

export type LogLevel = 'off' | 'error' | 'warn' | 'info' | 'debug';

/** Any sink with these four methods: `console`, pino, winston... */
export interface Logger {
  error(message: string, ...rest: unknown[]): void;
  warn(message: string, ...rest: unknown[]): void;
  info(message: string, ...rest: unknown[]): void;
  debug(message: string, ...rest: unknown[]): void;
}

export const LOG_LEVELS: readonly LogLevel[] = ['off', 'error', 'warn', 'info', 'debug'];

const RANK: Record<LogLevel, number> = { off: 0, error: 1, warn: 2, info: 3, debug: 4 };

export function isLogLevel(value: unknown): value is LogLevel {
  return typeof value === 'string' && (LOG_LEVELS as readonly string[]).includes(value);
}

type LogFn = (message: string, fields?: Record<string, unknown>) => void;

/** The SDK's internal log: level-filtered, with every line and field passed through the redactor. */
export interface SdkLog {
  readonly level: LogLevel;
  error: LogFn;
  warn: LogFn;
  info: LogFn;
  debug: LogFn;
}

const noop: LogFn = () => {};

export function createSdkLog(sink: Logger, level: LogLevel, redactor: Redactor): SdkLog {
  const bind = (method: Exclude<LogLevel, 'off'>): LogFn => {
    if (RANK[method] > RANK[level]) return noop;
    return (message, fields) => {
      const line = `[lucots] ${redactor.redact(message)}`;
      if (fields === undefined) sink[method](line);
      else sink[method](line, redactor.redactValue(fields));
    };
  };
  return { level, error: bind('error'), warn: bind('warn'), info: bind('info'), debug: bind('debug') };
}
