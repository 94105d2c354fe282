import { Platform } from './platforms.js';
import { isTrue, readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { baseUrl } from './url.js';

/**
 * Azure Pipelines: TF_BUILD=True. Reads SYSTEM_COLLECTIONURI, SYSTEM_TEAMPROJECT, BUILD_BUILDID,
 * BUILD_BUILDNUMBER, BUILD_DEFINITIONNAME, AGENT_JOBNAME, SYSTEM_JOBATTEMPT,
 * BUILD_REPOSITORY_NAME, BUILD_SOURCEVERSION, BUILD_SOURCEBRANCH. Never SYSTEM_ACCESSTOKEN.
 */
export function detectAzurePipelines(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!isTrue(env, 'TF_BUILD')) return undefined;
  const collection = baseUrl(readVar(env, 'SYSTEM_COLLECTIONURI'));
  const project = readVar(env, 'SYSTEM_TEAMPROJECT');
  const runId = readVar(env, 'BUILD_BUILDID');
  // Project names may contain spaces and other characters that are not valid in a path.
  const referenceUrl =
    collection && project && runId
      ? `${collection}/${encodeURIComponent(project)}/_build/results?buildId=${encodeURIComponent(runId)}`
      : undefined;
  return runEnvironment(Platform.AzurePipelines, {
    runId,
    referenceUrl,
    buildNumber: readVar(env, 'BUILD_BUILDNUMBER'),
    pipeline: readVar(env, 'BUILD_DEFINITIONNAME'),
    project,
    job: readVar(env, 'AGENT_JOBNAME'),
    attempt: readVar(env, 'SYSTEM_JOBATTEMPT'),
    repository: readVar(env, 'BUILD_REPOSITORY_NAME'),
    commit: readVar(env, 'BUILD_SOURCEVERSION'),
    ref: readVar(env, 'BUILD_SOURCEBRANCH'),
  });
}
