import { detectAirflow } from './airflow.js';
import { detectAwsLambda } from './aws-lambda.js';
import { detectAzurePipelines } from './azure-pipelines.js';
import { detectCircleCI } from './circleci.js';
import { detectDatabricks } from './databricks.js';
import { detectGitHubActions } from './github-actions.js';
import { detectGitLabCI } from './gitlab-ci.js';
import { detectJenkins } from './jenkins.js';
import { detectKubernetes } from './kubernetes.js';
import type { RunEnvironmentDetector } from './types.js';

/**
 * The detectors in the order they are tried; the first match wins. Platforms nest (a CI runner
 * or an Airflow worker in a Kubernetes pod, `airflow tasks test` in a CI job), so the innermost,
 * most specific one comes first:
 * 1. Airflow: its AIRFLOW_CTX_* variables exist only inside a task, wherever the worker runs.
 * 2-5. GitHub Actions, Azure Pipelines, GitLab CI, CircleCI: each sets a dedicated flag.
 * 6. Jenkins: JENKINS_URL is a plain URL that jobs on other CI systems sometimes set to call
 *    Jenkins, so the flag-based CIs go first.
 * 7-8. Databricks, AWS Lambda: compute platforms that CI or Airflow may run on.
 * 9. Kubernetes: the most generic; any of the above may run in a pod.
 */
export const RUN_ENVIRONMENT_DETECTORS: readonly RunEnvironmentDetector[] = Object.freeze([
  detectAirflow,
  detectGitHubActions,
  detectAzurePipelines,
  detectGitLabCI,
  detectCircleCI,
  detectJenkins,
  detectDatabricks,
  detectAwsLambda,
  detectKubernetes,
]);
