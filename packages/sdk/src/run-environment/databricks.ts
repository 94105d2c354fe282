import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { baseUrl, safeUrl, withScheme } from './url.js';

/**
 * Databricks: DATABRICKS_RUNTIME_VERSION set (Databricks sets it on every cluster).
 *
 * LucoPy reads the run's context from the notebook (dbutils), which a Node process cannot reach,
 * so the rest comes from variables the job or the notebook sets for it. Never DATABRICKS_TOKEN or
 * DATABRICKS_CLIENT_SECRET.
 *   DATABRICKS_HOST      = {{workspace.url}}, or spark.conf "spark.databricks.workspaceUrl" (a bare host gets https://)
 *   DATABRICKS_ORG_ID    = {{workspace.id}}, or the notebook context's tag "orgId"
 * A job run (the job's dynamic value references):
 *   DATABRICKS_JOB_ID    = {{job.id}}
 *   DATABRICKS_JOB_NAME  = {{job.name}}
 *   DATABRICKS_RUN_ID    = {{job.run_id}}     (the job run, like LucoPy's multitaskParentRunId)
 * An interactive (notebook) run, from the notebook context (getContext()):
 *   DATABRICKS_BROWSER_HASH   = its tag "browserHash" (`#notebook/<id>/command/<id>`), as LucoPy uses it
 *   DATABRICKS_NOTEBOOK_ID    = its notebookId, when there is no browser hash
 *   DATABRICKS_NOTEBOOK_PATH  = its notebookPath (recorded as `notebookPath`)
 *   DATABRICKS_NOTEBOOK_URL   = or the notebook's whole URL, used as it is
 */
export function detectDatabricks(env: EnvironmentVariables): RunEnvironment | undefined {
  const runtimeVersion = readVar(env, 'DATABRICKS_RUNTIME_VERSION');
  if (!runtimeVersion) return undefined;
  const workspaceUrl = baseUrl(withScheme(readVar(env, 'DATABRICKS_HOST')));
  const orgId = readVar(env, 'DATABRICKS_ORG_ID');
  const jobId = readVar(env, 'DATABRICKS_JOB_ID');
  const runId = readVar(env, 'DATABRICKS_RUN_ID');
  const notebookId = readVar(env, 'DATABRICKS_NOTEBOOK_ID');
  // Without an org id the workspace host alone still resolves.
  const workspaceLink = workspaceUrl ? `${workspaceUrl}/${orgId ? `?o=${encodeURIComponent(orgId)}` : ''}` : undefined;
  // LucoPy's links: a job run {ws}/?o={org}#job/{jobId}/run/{runId}; an interactive run
  // {ws}/?o={org}{browserHash}, the notebook as the browser showed it.
  const referenceUrl =
    jobId && runId
      ? workspaceLink && `${workspaceLink}#job/${encodeURIComponent(jobId)}/run/${encodeURIComponent(runId)}`
      : notebookUrl(env, workspaceLink, notebookId);
  return runEnvironment(Platform.Databricks, {
    runId,
    referenceUrl,
    workspaceUrl,
    orgId,
    jobId,
    jobName: readVar(env, 'DATABRICKS_JOB_NAME'),
    notebookId,
    notebookPath: readVar(env, 'DATABRICKS_NOTEBOOK_PATH'),
    runtimeVersion,
  });
}

/** An interactive run's link: the URL given, else the workspace with the browser hash (or the notebook id). */
function notebookUrl(env: EnvironmentVariables, workspaceLink: string | undefined, notebookId: string | undefined): string | undefined {
  const given = safeUrl(readVar(env, 'DATABRICKS_NOTEBOOK_URL'));
  if (given) return given;
  if (!workspaceLink) return undefined;
  const hash = readVar(env, 'DATABRICKS_BROWSER_HASH');
  if (hash) return `${workspaceLink}${hash.startsWith('#') ? hash : `#${hash}`}`;
  return notebookId ? `${workspaceLink}#notebook/${encodeURIComponent(notebookId)}` : undefined;
}
