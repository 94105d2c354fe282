import { hostname as osHostname } from 'node:os';
import { RUN_ENVIRONMENT_DETECTORS } from './detectors.js';
import { Platform } from './platforms.js';
import { runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';

export interface DetectRunEnvironmentOptions {
  /** Host name for the `Local` fallback; defaults to `os.hostname()` (an option so tests are stable). */
  hostname?: string;
}

/**
 * Describes the platform this process runs on, for `submit_run_environment`. Only named,
 * non-secret variables are read (see each detector), never the environment as a whole.
 */
export function detectRunEnvironment(
  env: EnvironmentVariables = process.env,
  options: DetectRunEnvironmentOptions = {},
): RunEnvironment {
  for (const detect of RUN_ENVIRONMENT_DETECTORS) {
    const found = detect(env);
    if (found) return found;
  }
  return runEnvironment(Platform.Local, { host: (options.hostname ?? osHostname()).trim() });
}
