/**
 * Realistic environments, trimmed to the variables that matter plus the secrets each platform
 * really puts next to them. Every secret value contains SECRET_MARKER so tests can search for it.
 */
export const SECRET_MARKER = 'sEcReT-0f9e8d7c';

const secret = (name: string) => `${SECRET_MARKER}-${name}`;

/** Present on every developer machine and runner; must never be copied. */
const common = {
  PATH: '/usr/local/bin:/usr/bin:/bin',
  HOME: '/home/runner',
  NPM_TOKEN: secret('npm'),
  LUCO_CLIENT_SECRET: secret('luco'),
};

export const githubActions = {
  ...common,
  CI: 'true',
  GITHUB_ACTIONS: 'true',
  GITHUB_SERVER_URL: 'https://github.com',
  GITHUB_REPOSITORY: 'acme/pipelines',
  GITHUB_RUN_ID: '9876543210',
  GITHUB_RUN_ATTEMPT: '2',
  GITHUB_RUN_NUMBER: '57',
  GITHUB_WORKFLOW: 'Nightly load',
  GITHUB_JOB: 'load',
  GITHUB_SHA: 'ffac537e6cbbf934b08745a378932722df287a53',
  GITHUB_REF: 'refs/heads/main',
  GITHUB_TOKEN: secret('github-token'),
  ACTIONS_RUNTIME_TOKEN: secret('actions-runtime'),
  ACTIONS_ID_TOKEN_REQUEST_TOKEN: secret('id-token'),
  ACTIONS_ID_TOKEN_REQUEST_URL: `https://pipelines.actions.githubusercontent.com/abc?token=${secret('id-url')}`,
};

export const azurePipelines = {
  ...common,
  TF_BUILD: 'True',
  SYSTEM_COLLECTIONURI: 'https://dev.azure.com/acme/',
  SYSTEM_TEAMPROJECT: 'Data Platform',
  BUILD_BUILDID: '4711',
  BUILD_BUILDNUMBER: '20240501.3',
  BUILD_DEFINITIONNAME: 'nightly-load',
  AGENT_JOBNAME: 'Load',
  SYSTEM_JOBATTEMPT: '1',
  BUILD_REPOSITORY_NAME: 'pipelines',
  BUILD_SOURCEVERSION: '3b18e512dba79e4c8300dd08aeb37f8e728b8dad',
  BUILD_SOURCEBRANCH: 'refs/heads/main',
  SYSTEM_ACCESSTOKEN: secret('azure-access-token'),
};

export const gitlabCI = {
  ...common,
  CI: 'true',
  GITLAB_CI: 'true',
  CI_SERVER_URL: 'https://gitlab.com',
  CI_PIPELINE_ID: '1290017',
  CI_PIPELINE_URL: 'https://gitlab.com/acme/pipelines/-/pipelines/1290017',
  CI_JOB_ID: '6602211',
  CI_JOB_URL: 'https://gitlab.com/acme/pipelines/-/jobs/6602211',
  CI_JOB_NAME: 'load',
  CI_PROJECT_PATH: 'acme/pipelines',
  CI_COMMIT_SHA: '1ecfd275763eff1d6b4844ea3168962458c9f27a',
  CI_COMMIT_REF_NAME: 'main',
  CI_JOB_TOKEN: secret('gitlab-job-token'),
  CI_REGISTRY_PASSWORD: secret('gitlab-registry'),
  CI_JOB_JWT_V2: secret('gitlab-jwt'),
};

export const circleCI = {
  ...common,
  CI: 'true',
  CIRCLECI: 'true',
  CIRCLE_BUILD_NUM: '812',
  CIRCLE_BUILD_URL: 'https://circleci.com/gh/acme/pipelines/812',
  CIRCLE_WORKFLOW_ID: '6c3e4c2a-1f1b-4c6e-9d8e-0a2b3c4d5e6f',
  CIRCLE_JOB: 'load',
  CIRCLE_PROJECT_USERNAME: 'acme',
  CIRCLE_PROJECT_REPONAME: 'pipelines',
  CIRCLE_SHA1: 'a9f3c1e0b2d4f6a8c0e2b4d6f8a0c2e4b6d8f0a2',
  CIRCLE_BRANCH: 'main',
  CIRCLE_OIDC_TOKEN: secret('circle-oidc'),
};

export const jenkins = {
  ...common,
  JENKINS_URL: 'https://jenkins.acme.example/',
  JENKINS_HOME: '/var/jenkins_home',
  BUILD_URL: 'https://jenkins.acme.example/job/nightly-load/42/',
  BUILD_NUMBER: '42',
  BUILD_ID: '42',
  JOB_NAME: 'nightly-load',
  GIT_COMMIT: 'c0ffee0c0ffee0c0ffee0c0ffee0c0ffee0c0ffe',
  GIT_BRANCH: 'origin/main',
};

export const databricks = {
  ...common,
  DATABRICKS_RUNTIME_VERSION: '15.4',
  DATABRICKS_HOST: 'adb-1234567890123456.7.azuredatabricks.net',
  DATABRICKS_ORG_ID: '1234567890123456',
  DATABRICKS_JOB_ID: '1048576',
  DATABRICKS_JOB_NAME: 'Nightly load',
  DATABRICKS_RUN_ID: '774433',
  DATABRICKS_TOKEN: secret('databricks-pat'),
  DATABRICKS_CLIENT_SECRET: secret('databricks-sp'),
};

/** A notebook run interactively, with what its first cell exports from the notebook context. */
export const databricksNotebook = {
  ...common,
  DATABRICKS_RUNTIME_VERSION: '15.4',
  DATABRICKS_HOST: 'adb-1234567890123456.7.azuredatabricks.net',
  DATABRICKS_ORG_ID: '1234567890123456',
  DATABRICKS_BROWSER_HASH: '#notebook/3141592653589793/command/2718281828459045',
  DATABRICKS_NOTEBOOK_PATH: '/Users/ana@acme.example/nightly-load',
  DATABRICKS_TOKEN: secret('databricks-notebook-pat'),
};

export const airflow = {
  ...common,
  AIRFLOW_CTX_DAG_OWNER: 'data-eng',
  AIRFLOW_CTX_DAG_ID: 'nightly_load',
  AIRFLOW_CTX_TASK_ID: 'submit_to_luco',
  AIRFLOW_CTX_LOGICAL_DATE: '2024-05-01T02:00:00+00:00',
  AIRFLOW_CTX_TRY_NUMBER: '1',
  AIRFLOW_CTX_DAG_RUN_ID: 'scheduled__2024-05-01T02:00:00+00:00',
  AIRFLOW__WEBSERVER__BASE_URL: 'https://airflow.acme.example/',
  AIRFLOW__WEBSERVER__SECRET_KEY: secret('airflow-secret-key'),
  AIRFLOW__DATABASE__SQL_ALCHEMY_CONN: `postgresql://airflow:${secret('db')}@db/airflow`,
  AIRFLOW_CONN_LUCO: `https://client:${secret('conn')}@luco.example`,
};

export const awsLambda = {
  ...common,
  AWS_LAMBDA_FUNCTION_NAME: 'luco-submit',
  AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
  AWS_LAMBDA_FUNCTION_MEMORY_SIZE: '512',
  AWS_REGION: 'eu-west-1',
  AWS_DEFAULT_REGION: 'eu-west-1',
  AWS_LAMBDA_LOG_GROUP_NAME: '/aws/lambda/luco-submit',
  AWS_LAMBDA_LOG_STREAM_NAME: '2024/05/01/[$LATEST]0123456789abcdef0123456789abcdef',
  AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
  AWS_ACCESS_KEY_ID: 'ASIA' + 'EXAMPLE0000',
  AWS_SECRET_ACCESS_KEY: secret('aws-secret'),
  AWS_SESSION_TOKEN: secret('aws-session'),
};

export const kubernetes = {
  ...common,
  KUBERNETES_SERVICE_HOST: '10.96.0.1',
  KUBERNETES_SERVICE_PORT: '443',
  HOSTNAME: 'luco-loader-7d9f8b6c5d-x2k4q',
  POD_NAMESPACE: 'data',
};
