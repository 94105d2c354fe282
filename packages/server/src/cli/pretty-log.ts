/**
 * The `--log-format pretty` output: pino's JSON lines turned into one readable line each, e.g.
 *   14:03:07.512 INFO  GET /v2/slots/overview?access_token=[Redacted] 200 3.1 ms req-7f3a
 *   14:03:01.004 WARN  created the first admin client; ... file=/srv/.luco/admin-credentials.luco.json
 * It reads what the logger's serializers produced, so the query-string redaction applies as in JSON.
 */

const LEVELS: Readonly<Record<number, string>> = { 10: 'TRACE', 20: 'DEBUG', 30: 'INFO', 40: 'WARN', 50: 'ERROR', 60: 'FATAL' };
const ERROR_LEVEL = 50;
/** Fields shown in their own place on the line, or not at all (pid and hostname tell a person at a terminal nothing). */
const PLACED = new Set(['level', 'time', 'pid', 'hostname', 'msg', 'reqId', 'req', 'res', 'responseTime', 'err']);

type Entry = Record<string, unknown>;

const isObject = (value: unknown): value is Record<string, unknown> => typeof value === 'object' && value !== null && !Array.isArray(value);

function clock(time: unknown): string {
  const date = new Date(typeof time === 'number' ? time : Date.now());
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(date.getHours())}:${two(date.getMinutes())}:${two(date.getSeconds())}.${String(date.getMilliseconds()).padStart(3, '0')}`;
}

function levelName(level: unknown): string {
  return (typeof level === 'number' ? (LEVELS[level] ?? String(level)) : String(level ?? '')).padEnd(5);
}

/** `key=value`; a value with spaces, quotes or structure is shown as JSON. */
function field(key: string, value: unknown): string {
  const text = typeof value === 'string' && /^[^\s"=]+$/.test(value) ? value : JSON.stringify(value);
  return `${key}=${text}`;
}

function duration(ms: unknown): string {
  return typeof ms === 'number' ? `${ms < 10 ? ms.toFixed(1) : Math.round(ms)} ms` : '';
}

/** An error: its message on the line; for errors and worse, the stack on the lines below. */
function errorParts(err: unknown, level: unknown): { inline: string; below: string } {
  if (!isObject(err)) return { inline: '', below: '' };
  const message = typeof err.message === 'string' ? err.message : JSON.stringify(err);
  const stack = typeof err.stack === 'string' && typeof level === 'number' && level >= ERROR_LEVEL ? err.stack : '';
  const below = stack
    .split('\n')
    .slice(1)
    .map((line) => `    ${line.trim()}\n`)
    .join('');
  return { inline: ` error: ${message}`, below };
}

/** One pino entry as a line (with a stack below it for errors), or undefined to leave it out. */
export function formatLogEntry(entry: Entry): string | undefined {
  // The completion line repeats the method and path with the status: one line per request.
  if (entry.msg === 'incoming request' && isObject(entry.req)) return undefined;
  const head = `${clock(entry.time)} ${levelName(entry.level)}`;
  const reqId = typeof entry.reqId === 'string' ? ` ${entry.reqId}` : '';
  const error = errorParts(entry.err, entry.level);
  const rest = Object.entries(entry)
    .filter(([key, value]) => !PLACED.has(key) && value !== undefined)
    .map(([key, value]) => ` ${field(key, value)}`)
    .join('');

  const res = entry.res;
  if (isObject(res) && typeof res.method === 'string' && entry.responseTime !== undefined) {
    const status = typeof res.statusCode === 'number' ? res.statusCode : '-';
    return `${head} ${res.method} ${String(res.url)} ${status} ${duration(entry.responseTime)}${reqId}${error.inline}${rest}\n${error.below}`;
  }
  const message = typeof entry.msg === 'string' ? entry.msg : '';
  return `${head} ${message}${rest}${reqId ? ` [${reqId.trim()}]` : ''}${error.inline}\n${error.below}`;
}

/** A stream for pino that writes pretty lines to `target`; a line that is not JSON is passed on as it is. */
export class PrettyLogStream {
  #partial = '';

  constructor(private readonly target: NodeJS.WritableStream) {}

  write(chunk: string | Buffer): boolean {
    const lines = (this.#partial + chunk.toString()).split('\n');
    this.#partial = lines.pop() ?? '';
    for (const line of lines) {
      if (line === '') continue;
      let entry: unknown;
      try {
        entry = JSON.parse(line);
      } catch {
        this.target.write(`${line}\n`);
        continue;
      }
      const text = isObject(entry) ? formatLogEntry(entry) : `${line}\n`;
      if (text !== undefined) this.target.write(text);
    }
    return true;
  }
}
