import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { baseUrl, withScheme } from './url.js';

/**
 * Databricks: DATABRICKS_RUNTIME_VERSION set (Databricks sets it on every cluster).
 *
 * LucoPy reads the job context from Spark, which a Node process cannot reach, so the rest comes
 * from variables Databricks does not set by itself. Set them for the task, e.g. from the job's
 * dynamic value references:
 *   DATABRICKS_HOST      = {{workspace.url}}  (a bare host gets https://)
 *   DATABRICKS_ORG_ID    = {{workspace.id}}
 *   DATABRICKS_JOB_ID    = {{job.id}}
 *   DATABRICKS_JOB_NAME  = {{job.name}}
 *   DATABRICKS_RUN_ID    = {{job.run_id}}     (the job run, like LucoPy's multitaskParentRunId)
 * Never DATABRICKS_TOKEN or DATABRICKS_CLIENT_SECRET.
 */
export function detectDatabricks(env: EnvironmentVariables): RunEnvironment | undefined {
  const runtimeVersion = readVar(env, 'DATABRICKS_RUNTIME_VERSION');
  if (!runtimeVersion) return undefined;
  const workspaceUrl = baseUrl(withScheme(readVar(env, 'DATABRICKS_HOST')));
  const orgId = readVar(env, 'DATABRICKS_ORG_ID');
  const jobId = readVar(env, 'DATABRICKS_JOB_ID');
  const runId = readVar(env, 'DATABRICKS_RUN_ID');
  // LucoPy's job-run link: {ws}/?o={org}#job/{jobId}/run/{runId}. Without an org id the
  // workspace host alone still resolves. Interactive runs get no link: the notebook's browser
  // hash LucoPy uses is not visible outside Spark.
  const referenceUrl =
    workspaceUrl && jobId && runId
      ? `${workspaceUrl}/${orgId ? `?o=${encodeURIComponent(orgId)}` : ''}#job/${encodeURIComponent(jobId)}/run/${encodeURIComponent(runId)}`
      : undefined;
  return runEnvironment(Platform.Databricks, {
    runId,
    referenceUrl,
    workspaceUrl,
    orgId,
    jobId,
    jobName: readVar(env, 'DATABRICKS_JOB_NAME'),
    runtimeVersion,
  });
}
