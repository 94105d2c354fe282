/**
 * A run environment as Luco stores it: a free-form record. Luco itself reads only `platform`
 * and `referenceUrl`; the other fields (camelCase, per platform) are shown as context.
 */
export interface RunEnvironment {
  platform: string;
  runId?: string;
  referenceUrl?: string;
  [field: string]: unknown;
}

/** The shape of `process.env`; detectors take it as a parameter so they stay pure and testable. */
export type EnvironmentVariables = Readonly<Record<string, string | undefined>>;

/** Recognises one platform from its environment variables, or returns undefined. */
export type RunEnvironmentDetector = (env: EnvironmentVariables) => RunEnvironment | undefined;
