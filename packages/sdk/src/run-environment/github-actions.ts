import { Platform } from './platforms.js';
import { isTrue, readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { baseUrl } from './url.js';

/**
 * GitHub Actions: GITHUB_ACTIONS=true. Reads GITHUB_SERVER_URL, GITHUB_REPOSITORY, GITHUB_RUN_ID,
 * GITHUB_RUN_ATTEMPT, GITHUB_WORKFLOW, GITHUB_JOB, GITHUB_SHA, GITHUB_REF.
 * Never GITHUB_TOKEN / ACTIONS_RUNTIME_TOKEN / ACTIONS_ID_TOKEN_REQUEST_TOKEN.
 */
export function detectGitHubActions(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!isTrue(env, 'GITHUB_ACTIONS')) return undefined;
  // GitHub Enterprise Server sets its own host; github.com is the documented default.
  const server = baseUrl(readVar(env, 'GITHUB_SERVER_URL') ?? 'https://github.com');
  const repository = readVar(env, 'GITHUB_REPOSITORY');
  const runId = readVar(env, 'GITHUB_RUN_ID');
  const attempt = readVar(env, 'GITHUB_RUN_ATTEMPT');
  let referenceUrl: string | undefined;
  if (server && repository && runId) {
    referenceUrl = `${server}/${repository}/actions/runs/${runId}`;
    // A re-run gets its own page; linking the attempt shows the logs of this very process.
    if (attempt) referenceUrl += `/attempts/${attempt}`;
  }
  return runEnvironment(Platform.GitHubActions, {
    runId,
    referenceUrl,
    attempt,
    workflow: readVar(env, 'GITHUB_WORKFLOW'),
    job: readVar(env, 'GITHUB_JOB'),
    repository,
    commit: readVar(env, 'GITHUB_SHA'),
    ref: readVar(env, 'GITHUB_REF'),
  });
}
