import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { safeUrl } from './url.js';

/**
 * Jenkins: JENKINS_URL set. Reads BUILD_URL, BUILD_NUMBER, JOB_NAME, GIT_COMMIT, GIT_BRANCH.
 * JENKINS_URL itself is not copied: BUILD_URL already contains it.
 */
export function detectJenkins(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!readVar(env, 'JENKINS_URL')) return undefined;
  return runEnvironment(Platform.Jenkins, {
    runId: readVar(env, 'BUILD_NUMBER'),
    referenceUrl: safeUrl(readVar(env, 'BUILD_URL')),
    jobName: readVar(env, 'JOB_NAME'),
    commit: readVar(env, 'GIT_COMMIT'),
    ref: readVar(env, 'GIT_BRANCH'),
  });
}
