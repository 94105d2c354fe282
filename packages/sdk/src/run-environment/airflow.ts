import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';
import { baseUrl } from './url.js';

/**
 * Apache Airflow: AIRFLOW_CTX_DAG_ID set (Airflow exports the AIRFLOW_CTX_* variables to each
 * task it runs). Reads AIRFLOW_CTX_DAG_ID, AIRFLOW_CTX_TASK_ID, AIRFLOW_CTX_DAG_RUN_ID,
 * AIRFLOW_CTX_TRY_NUMBER, AIRFLOW_CTX_LOGICAL_DATE or AIRFLOW_CTX_EXECUTION_DATE, and
 * AIRFLOW__WEBSERVER__BASE_URL for the link. Never AIRFLOW__*__SECRET_KEY, connections or variables.
 */
export function detectAirflow(env: EnvironmentVariables): RunEnvironment | undefined {
  const dagId = readVar(env, 'AIRFLOW_CTX_DAG_ID');
  if (!dagId) return undefined;
  const runId = readVar(env, 'AIRFLOW_CTX_DAG_RUN_ID');
  const base = baseUrl(readVar(env, 'AIRFLOW__WEBSERVER__BASE_URL'));
  // The grid view selects a dag run by query parameter; run ids contain ':' and '+'.
  const referenceUrl =
    base && runId
      ? `${base}/dags/${encodeURIComponent(dagId)}/grid?dag_run_id=${encodeURIComponent(runId)}`
      : undefined;
  return runEnvironment(Platform.Airflow, {
    runId,
    referenceUrl,
    dagId,
    taskId: readVar(env, 'AIRFLOW_CTX_TASK_ID'),
    attempt: readVar(env, 'AIRFLOW_CTX_TRY_NUMBER'),
    // Newer Airflow exports the logical date; older releases only the execution date.
    logicalDate: readVar(env, 'AIRFLOW_CTX_LOGICAL_DATE') ?? readVar(env, 'AIRFLOW_CTX_EXECUTION_DATE'),
  });
}
