import { InvalidArgumentError } from 'commander';

/**
 * Argument parsers for commander options. Each throws InvalidArgumentError, which commander turns
 * into a usage error (exit 2) naming the option.
 */

export function positiveInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number) || number < 1) throw new InvalidArgumentError('must be a whole number of 1 or more');
  return number;
}

export function nonNegativeInteger(value: string): number {
  const number = Number(value);
  if (!/^\d+$/.test(value.trim()) || !Number.isSafeInteger(number)) throw new InvalidArgumentError('must be a whole number of 0 or more');
  return number;
}

export function positiveSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number <= 0) throw new InvalidArgumentError('must be a positive number of seconds');
  return number;
}

export function nonNegativeSeconds(value: string): number {
  const number = Number(value);
  if (value.trim() === '' || !Number.isFinite(number) || number < 0) throw new InvalidArgumentError('must be a number of seconds, 0 or more');
  return number;
}

/** For repeatable options: `--id 1 --id 2` collects `[1, 2]`; each value may also be a comma list. */
export function collect<T>(parse: (value: string) => T): (value: string, previous: T[] | undefined) => T[] {
  return (value, previous) => [...(previous ?? []), ...splitList(value).map(parse)];
}

/** Repeatable without comma splitting, for values that may contain commas (sequence names). */
export function collectWhole(value: string, previous: string[] | undefined): string[] {
  return [...(previous ?? []), value];
}

export function text(value: string): string {
  return value;
}

export function oneOf<T extends string>(allowed: readonly T[]): (value: string) => T {
  return (value) => {
    const found = allowed.find((candidate) => candidate.toLowerCase() === value.toLowerCase());
    if (!found) throw new InvalidArgumentError(`must be one of ${allowed.join(', ')}`);
    return found;
  };
}

function splitList(value: string): string[] {
  return value
    .split(',')
    .map((part) => part.trim())
    .filter((part) => part !== '');
}
