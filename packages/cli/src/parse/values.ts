import { UsageError } from '../exit-codes.js';

/** JSON's number grammar: `12`, `-3.5`, `1e6`. Not `007`, `0x1f`, `Infinity` or `1,000`, which stay text. */
const NUMBER = /^-?(0|[1-9]\d*)(\.\d+)?([eE][+-]?\d+)?$/;

/** A metric value: a number when it reads as one, otherwise the text as given. */
export function parseMetricValue(text: string): number | string {
  const trimmed = text.trim();
  if (NUMBER.test(trimmed)) {
    const value = Number(trimmed);
    if (Number.isFinite(value)) return value;
  }
  return text;
}

/** `name=value` into a pair; the name is everything before the first `=`. */
export function parseAssignment(text: string): [string, string] | undefined {
  const index = text.indexOf('=');
  if (index <= 0) return undefined;
  const name = text.slice(0, index).trim();
  if (name === '') return undefined;
  return [name, text.slice(index + 1)];
}

/** Every `name=value` argument, or a usage error naming the first that is not one. */
export function parseAssignments(args: readonly string[], what: string): Array<[string, string]> {
  return args.map((arg) => {
    const pair = parseAssignment(arg);
    if (!pair) throw new UsageError(`${what}: expected name=value, got ${JSON.stringify(arg)}`);
    return pair;
  });
}
