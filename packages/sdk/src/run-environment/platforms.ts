/** The `platform` values the detectors report, so callers can compare without string literals. */
export const Platform = {
  GitHubActions: 'GitHub Actions',
  AzurePipelines: 'Azure Pipelines',
  GitLabCI: 'GitLab CI',
  CircleCI: 'CircleCI',
  Jenkins: 'Jenkins',
  Airflow: 'Apache Airflow',
  // Same value LucoPy's submit_databricks_run_environment sends.
  Databricks: 'Databricks',
  AwsLambda: 'AWS Lambda',
  Kubernetes: 'Kubernetes',
  Local: 'Local',
} as const;

export type PlatformName = (typeof Platform)[keyof typeof Platform];
