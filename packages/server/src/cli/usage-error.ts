/** A wrong invocation (a flag or an environment variable with a bad value): exit 2, one line, no stack. */
export class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** Runs a parser on a value read from `name`, turning its complaint into a UsageError. */
export function parseSetting<T>(name: string, value: string, parse: (value: string, name: string) => T): T {
  try {
    return parse(value, name);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
}
