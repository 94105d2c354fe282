import { Platform } from './platforms.js';
import { isTrue, readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { safeUrl } from './url.js';

/**
 * GitLab CI: GITLAB_CI=true. Reads CI_JOB_URL, CI_PIPELINE_URL, CI_PIPELINE_ID, CI_JOB_ID,
 * CI_JOB_NAME, CI_PROJECT_PATH, CI_COMMIT_SHA, CI_COMMIT_REF_NAME.
 * Never CI_JOB_TOKEN, CI_REGISTRY_PASSWORD or CI_JOB_JWT*.
 */
export function detectGitLabCI(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!isTrue(env, 'GITLAB_CI')) return undefined;
  return runEnvironment(Platform.GitLabCI, {
    // The pipeline is the run; the job URL is preferred as the link because it shows this job's log.
    runId: readVar(env, 'CI_PIPELINE_ID'),
    referenceUrl: safeUrl(readVar(env, 'CI_JOB_URL')) ?? safeUrl(readVar(env, 'CI_PIPELINE_URL')),
    jobId: readVar(env, 'CI_JOB_ID'),
    jobName: readVar(env, 'CI_JOB_NAME'),
    repository: readVar(env, 'CI_PROJECT_PATH'),
    commit: readVar(env, 'CI_COMMIT_SHA'),
    ref: readVar(env, 'CI_COMMIT_REF_NAME'),
  });
}
