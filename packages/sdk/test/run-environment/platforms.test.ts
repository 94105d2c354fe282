import { describe, expect, it } from 'vitest';
import {
  Platform,
  detectAirflow,
  detectAwsLambda,
  detectAzurePipelines,
  detectCircleCI,
  detectDatabricks,
  detectGitHubActions,
  detectGitLabCI,
  detectJenkins,
  detectKubernetes,
  detectRunEnvironment,
} from '../../src/run-environment/index.js';
import * as fixtures from './fixtures.js';

describe('GitHub Actions', () => {
  it('links the run attempt and reports the workflow context', () => {
    expect(detectRunEnvironment(fixtures.githubActions)).toEqual({
      platform: 'GitHub Actions',
      runId: '9876543210',
      referenceUrl: 'https://github.com/acme/pipelines/actions/runs/9876543210/attempts/2',
      attempt: '2',
      workflow: 'Nightly load',
      job: 'load',
      repository: 'acme/pipelines',
      commit: 'ffac537e6cbbf934b08745a378932722df287a53',
      ref: 'refs/heads/main',
    });
  });

  it('links the run itself when there is no attempt, on a GitHub Enterprise host', () => {
    const { GITHUB_RUN_ATTEMPT: _attempt, ...env } = fixtures.githubActions;
    const found = detectGitHubActions({ ...env, GITHUB_SERVER_URL: 'https://ghe.acme.example/' });
    expect(found?.referenceUrl).toBe('https://ghe.acme.example/acme/pipelines/actions/runs/9876543210');
    expect(found).not.toHaveProperty('attempt');
  });

  it('needs GITHUB_ACTIONS=true', () => {
    expect(detectGitHubActions({ ...fixtures.githubActions, GITHUB_ACTIONS: 'false' })).toBeUndefined();
  });
});

describe('Azure Pipelines', () => {
  it('links the build results and URL-encodes the project name', () => {
    const found = detectRunEnvironment(fixtures.azurePipelines);
    expect(found.platform).toBe(Platform.AzurePipelines);
    expect(found.runId).toBe('4711');
    expect(found.referenceUrl).toBe('https://dev.azure.com/acme/Data%20Platform/_build/results?buildId=4711');
    expect(found).toMatchObject({ pipeline: 'nightly-load', buildNumber: '20240501.3', project: 'Data Platform' });
  });

  it('accepts a collection URI without a trailing slash', () => {
    const found = detectAzurePipelines({ ...fixtures.azurePipelines, SYSTEM_COLLECTIONURI: 'https://acme.visualstudio.com' });
    expect(found?.referenceUrl).toBe('https://acme.visualstudio.com/Data%20Platform/_build/results?buildId=4711');
  });

  it('needs TF_BUILD=True', () => {
    const { TF_BUILD: _flag, ...env } = fixtures.azurePipelines;
    expect(detectAzurePipelines(env)).toBeUndefined();
  });
});

describe('GitLab CI', () => {
  it('prefers the job URL and uses the pipeline id as run id', () => {
    expect(detectRunEnvironment(fixtures.gitlabCI)).toEqual({
      platform: 'GitLab CI',
      runId: '1290017',
      referenceUrl: 'https://gitlab.com/acme/pipelines/-/jobs/6602211',
      jobId: '6602211',
      jobName: 'load',
      repository: 'acme/pipelines',
      commit: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
      ref: 'main',
    });
  });

  it('falls back to the pipeline URL', () => {
    const { CI_JOB_URL: _job, ...env } = fixtures.gitlabCI;
    expect(detectGitLabCI(env)?.referenceUrl).toBe('https://gitlab.com/acme/pipelines/-/pipelines/1290017');
  });
});

describe('CircleCI', () => {
  it('links the job and reports the repository', () => {
    const found = detectRunEnvironment(fixtures.circleCI);
    expect(found).toMatchObject({
      platform: 'CircleCI',
      runId: '812',
      referenceUrl: 'https://circleci.com/gh/acme/pipelines/812',
      repository: 'acme/pipelines',
      workflowId: '6c3e4c2a-1f1b-4c6e-9d8e-0a2b3c4d5e6f',
    });
    expect(detectCircleCI({ ...fixtures.circleCI, CIRCLECI: '' })).toBeUndefined();
  });
});

describe('Jenkins', () => {
  it('links BUILD_URL and uses the build number as run id', () => {
    expect(detectRunEnvironment(fixtures.jenkins)).toEqual({
      platform: 'Jenkins',
      runId: '42',
      referenceUrl: 'https://jenkins.acme.example/job/nightly-load/42/',
      jobName: 'nightly-load',
      commit: 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe',
      ref: 'origin/main',
    });
  });

  it('strips credentials embedded in the build URL', () => {
    const found = detectJenkins({ ...fixtures.jenkins, BUILD_URL: 'https://bot:hunter2-api-token@jenkins.acme.example/job/x/7/' });
    expect(found?.referenceUrl).toBe('https://jenkins.acme.example/job/x/7/');
  });
});

describe('Databricks', () => {
  it('builds the same job-run link as LucoPy, adding https:// to a bare host', () => {
    expect(detectRunEnvironment(fixtures.databricks)).toEqual({
      platform: 'Databricks',
      runId: '774433',
      referenceUrl: 'https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/1048576/run/774433',
      workspaceUrl: 'https://adb-1234567890123456.7.azuredatabricks.net',
      orgId: '1234567890123456',
      jobId: '1048576',
      jobName: 'Nightly load',
      runtimeVersion: '15.4',
    });
  });

  it("keeps an interactive run's notebook link, built as LucoPy builds it from the browser hash", () => {
    expect(detectRunEnvironment(fixtures.databricksNotebook)).toEqual({
      platform: 'Databricks',
      referenceUrl: 'https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#notebook/3141592653589793/command/2718281828459045',
      workspaceUrl: 'https://adb-1234567890123456.7.azuredatabricks.net',
      orgId: '1234567890123456',
      notebookPath: '/Users/ana@acme.example/nightly-load',
      runtimeVersion: '15.4',
    });
  });

  it('links an interactive run by notebook id, or by the notebook URL given (without credentials)', () => {
    const base = { DATABRICKS_RUNTIME_VERSION: '15.4', DATABRICKS_HOST: 'https://dbc-a1b2.cloud.databricks.com/', DATABRICKS_ORG_ID: '42' };
    expect(detectDatabricks({ ...base, DATABRICKS_NOTEBOOK_ID: '777' })?.referenceUrl).toBe('https://dbc-a1b2.cloud.databricks.com/?o=42#notebook/777');
    expect(detectDatabricks({ ...base, DATABRICKS_BROWSER_HASH: 'notebook/777/command/8' })?.referenceUrl).toBe('https://dbc-a1b2.cloud.databricks.com/?o=42#notebook/777/command/8');
    expect(detectDatabricks({ ...base, DATABRICKS_NOTEBOOK_URL: 'https://me:pat-123@dbc-a1b2.cloud.databricks.com/editor/notebooks/777' })?.referenceUrl).toBe(
      'https://dbc-a1b2.cloud.databricks.com/editor/notebooks/777',
    );
    // A job run keeps LucoPy's job link, whatever notebook it runs.
    expect(detectRunEnvironment({ ...fixtures.databricks, DATABRICKS_BROWSER_HASH: '#notebook/1/command/2' }).referenceUrl).toBe(
      'https://adb-1234567890123456.7.azuredatabricks.net/?o=1234567890123456#job/1048576/run/774433',
    );
  });

  it('reports the runtime without a link when nothing names the run', () => {
    const found = detectDatabricks({ DATABRICKS_RUNTIME_VERSION: '15.4', DATABRICKS_HOST: 'https://dbc-a1b2.cloud.databricks.com/' });
    expect(found).toEqual({ platform: 'Databricks', workspaceUrl: 'https://dbc-a1b2.cloud.databricks.com', runtimeVersion: '15.4' });
  });

  it('is not triggered by DATABRICKS_HOST alone, as set by deploy jobs', () => {
    expect(detectDatabricks({ DATABRICKS_HOST: 'adb-1.azuredatabricks.net', DATABRICKS_TOKEN: 'x' })).toBeUndefined();
  });
});

describe('Apache Airflow', () => {
  it('links the dag run in the grid view, encoding the run id', () => {
    expect(detectRunEnvironment(fixtures.airflow)).toEqual({
      platform: 'Apache Airflow',
      runId: 'scheduled__2024-05-01T02:00:00+00:00',
      referenceUrl:
        'https://airflow.acme.example/dags/nightly_load/grid?dag_run_id=scheduled__2024-05-01T02%3A00%3A00%2B00%3A00',
      dagId: 'nightly_load',
      taskId: 'submit_to_luco',
      attempt: '1',
      logicalDate: '2024-05-01T02:00:00+00:00',
    });
  });

  it('has no link without a base URL and reads the older execution date', () => {
    const { AIRFLOW__WEBSERVER__BASE_URL: _url, AIRFLOW_CTX_LOGICAL_DATE: _date, ...env } = fixtures.airflow;
    const found = detectAirflow({ ...env, AIRFLOW_CTX_EXECUTION_DATE: '2024-05-01T02:00:00+00:00' });
    expect(found).not.toHaveProperty('referenceUrl');
    expect(found?.logicalDate).toBe('2024-05-01T02:00:00+00:00');
  });
});

describe('AWS Lambda', () => {
  it('links the function in the console; there is no run id in the environment', () => {
    const found = detectRunEnvironment(fixtures.awsLambda);
    expect(found).toMatchObject({
      platform: 'AWS Lambda',
      referenceUrl: 'https://eu-west-1.console.aws.amazon.com/lambda/home?region=eu-west-1#/functions/luco-submit',
      functionName: 'luco-submit',
      functionVersion: '$LATEST',
      region: 'eu-west-1',
      logGroup: '/aws/lambda/luco-submit',
    });
    expect(found).not.toHaveProperty('runId');
  });

  it('gives no link in regions whose console lives elsewhere', () => {
    expect(detectAwsLambda({ ...fixtures.awsLambda, AWS_REGION: 'cn-north-1' })).not.toHaveProperty('referenceUrl');
    expect(detectAwsLambda({ ...fixtures.awsLambda, AWS_REGION: 'us-gov-west-1' })).not.toHaveProperty('referenceUrl');
  });
});

describe('Kubernetes', () => {
  it('reports the pod name and namespace', () => {
    expect(detectRunEnvironment(fixtures.kubernetes)).toEqual({
      platform: 'Kubernetes',
      podName: 'luco-loader-7d9f8b6c5d-x2k4q',
      namespace: 'data',
    });
  });

  it('omits the namespace when the downward API does not expose it', () => {
    const { POD_NAMESPACE: _ns, ...env } = fixtures.kubernetes;
    expect(detectKubernetes(env)).toEqual({ platform: 'Kubernetes', podName: 'luco-loader-7d9f8b6c5d-x2k4q' });
  });
});
