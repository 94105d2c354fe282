import { Platform } from './platforms.js';
import { isTrue, readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { safeUrl } from './url.js';

/**
 * CircleCI: CIRCLECI=true. Reads CIRCLE_BUILD_URL, CIRCLE_BUILD_NUM, CIRCLE_WORKFLOW_ID, CIRCLE_JOB,
 * CIRCLE_PROJECT_USERNAME, CIRCLE_PROJECT_REPONAME, CIRCLE_SHA1, CIRCLE_BRANCH.
 */
export function detectCircleCI(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!isTrue(env, 'CIRCLECI')) return undefined;
  const owner = readVar(env, 'CIRCLE_PROJECT_USERNAME');
  const repo = readVar(env, 'CIRCLE_PROJECT_REPONAME');
  return runEnvironment(Platform.CircleCI, {
    // CIRCLE_BUILD_URL links the job, so the run id is that job's number.
    runId: readVar(env, 'CIRCLE_BUILD_NUM'),
    referenceUrl: safeUrl(readVar(env, 'CIRCLE_BUILD_URL')),
    workflowId: readVar(env, 'CIRCLE_WORKFLOW_ID'),
    job: readVar(env, 'CIRCLE_JOB'),
    repository: owner && repo ? `${owner}/${repo}` : undefined,
    commit: readVar(env, 'CIRCLE_SHA1'),
    ref: readVar(env, 'CIRCLE_BRANCH'),
  });
}
