import type { EnvironmentVariables, RunEnvironment } from './types.js';

/** Reads one variable; blank values count as unset so they never reach the record. */
export function readVar(env: EnvironmentVariables, name: string): string | undefined {
  const value = env[name]?.trim();
  return value ? value : undefined;
}

/** CI flags are documented as `true` (GitHub, GitLab, CircleCI) or `True` (Azure Pipelines). */
export function isTrue(env: EnvironmentVariables, name: string): boolean {
  return readVar(env, name)?.toLowerCase() === 'true';
}

/** Builds a record from named fields, dropping the unset ones; `platform` cannot be overridden. */
export function runEnvironment(
  platform: string,
  fields: Readonly<Record<string, string | undefined>>,
): RunEnvironment {
  const record: RunEnvironment = { platform };
  for (const [key, value] of Object.entries(fields)) {
    if (key !== 'platform' && value !== undefined && value !== '') record[key] = value;
  }
  return record;
}
