/**
 * OpenLineage events in the shapes real producers send (built from the spec's facet schemas at
 * OpenLineage@8f02abf and the producers' own test expectations: the Airflow provider's DAG and
 * task events with a parent facet, the Spark listener's outputStatistics, dbt-ol's per-node runs
 * with dataQualityAssertions under a parent dbt run). Only field names and shapes carry over.
 */

export const SCHEMA_URL = 'https://openlineage.io/spec/2-0-2/OpenLineage.json#/$defs/RunEvent';
const AIRFLOW_PRODUCER = 'https://github.com/apache/airflow/tree/providers-openlineage/2.3.0';
const SPARK_PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/spark';
const DBT_PRODUCER = 'https://github.com/OpenLineage/OpenLineage/tree/1.33.0/integration/dbt';

type Json = Record<string, unknown>;

const facet = (producer: string, name: string, body: Json): Json => ({ _producer: producer, _schemaURL: `https://openlineage.io/spec/facets/1-0-0/${name}.json#/$defs/${name}`, ...body });

export const RUN_IDS = {
  dagRun: '01932f1c-7a5e-7c1a-9d3e-2b4c6d8e0f11',
  extractTask: '01932f1c-7b00-7d2b-8e4f-3c5d7e9f1a22',
  loadTask: '01932f1c-7c11-7e3c-9f50-4d6e8fa02b33',
  spark: '5c1e2a7d-0b9e-4c1f-8f5e-6a7b8c9d0e1f',
  dbtRun: '0f2d4c6e-8a1b-4c3d-9e5f-7a9b1c3d5e7f',
  dbtTest: '1a3c5e7a-9b2d-4e6f-8a0b-2c4d6e8f0a1b',
  failed: '2b4d6f8a-0c3e-4f7a-9b1c-3d5e7f9a1b2c',
} as const;

/** An Airflow DAG run event (provider: job = the dag id, jobType DAG). */
export function airflowDagRun(eventType: string, eventTime: string, options: { runId?: string; nominal?: string; namespace?: string; dagId?: string } = {}): Json {
  const producer = AIRFLOW_PRODUCER;
  return {
    eventType,
    eventTime,
    producer,
    schemaURL: SCHEMA_URL,
    inputs: [],
    outputs: [],
    run: {
      runId: options.runId ?? RUN_IDS.dagRun,
      facets: {
        nominalTime: facet(producer, 'NominalTimeRunFacet', { nominalStartTime: options.nominal ?? '2026-11-26T06:00:00+00:00', nominalEndTime: '2026-11-27T06:00:00+00:00' }),
        processing_engine: facet(producer, 'ProcessingEngineRunFacet', { version: '2.10.5', name: 'Airflow', openlineageAdapterVersion: '2.3.0' }),
        airflowDagRun: facet(producer, 'AirflowDagRunFacet', { dag: { dag_id: options.dagId ?? 'daily_sales', schedule_interval: '0 6 * * *' }, dagRun: { run_id: 'scheduled__2026-11-26T06:00:00+00:00' } }),
      },
    },
    job: {
      namespace: options.namespace ?? 'airflow-prod',
      name: options.dagId ?? 'daily_sales',
      facets: { jobType: facet(producer, 'JobTypeJobFacet', { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'DAG' }) },
    },
  };
}

/** An Airflow task event: job `dag.task`, a parent facet naming the DAG run. */
export function airflowTask(eventType: string, eventTime: string, task: string, runId: string, options: { dagRunId?: string; dagId?: string; namespace?: string; extraRunFacets?: Json } = {}): Json {
  const producer = AIRFLOW_PRODUCER;
  const dagId = options.dagId ?? 'daily_sales';
  const namespace = options.namespace ?? 'airflow-prod';
  return {
    eventType,
    eventTime,
    producer,
    schemaURL: SCHEMA_URL,
    inputs: [{ namespace: 'postgres://warehouse:5432', name: 'sales.public.orders', facets: {} }],
    outputs: [],
    run: {
      runId,
      facets: {
        parent: facet(producer, 'ParentRunFacet', {
          job: { namespace, name: dagId },
          run: { runId: options.dagRunId ?? RUN_IDS.dagRun },
          root: { job: { namespace, name: dagId }, run: { runId: options.dagRunId ?? RUN_IDS.dagRun } },
        }),
        nominalTime: facet(producer, 'NominalTimeRunFacet', { nominalStartTime: '2026-11-26T06:00:00+00:00', nominalEndTime: '2026-11-27T06:00:00+00:00' }),
        processing_engine: facet(producer, 'ProcessingEngineRunFacet', { version: '2.10.5', name: 'Airflow', openlineageAdapterVersion: '2.3.0' }),
        airflow: facet(producer, 'AirflowRunFacet', { taskInstance: { try_number: 1 }, task: { task_id: task, operator_class: 'PythonOperator' } }),
        ...options.extraRunFacets,
      },
    },
    job: {
      namespace,
      name: `${dagId}.${task}`,
      facets: {
        jobType: facet(producer, 'JobTypeJobFacet', { processingType: 'BATCH', integration: 'AIRFLOW', jobType: 'TASK' }),
        sourceCodeLocation: facet(producer, 'SourceCodeLocationJobFacet', { type: 'git', url: 'https://git.example.com/data/dags/blob/4f1c2e9/dags/daily_sales.py', repoUrl: 'https://git.example.com/data/dags.git', version: '4f1c2e9' }),
      },
    },
  };
}

/** A Spark application run (the listener's top-level event) writing a table, with outputStatistics on COMPLETE. */
export function sparkJob(eventType: string, eventTime: string, options: { rowCount?: number; size?: number } = {}): Json {
  const producer = SPARK_PRODUCER;
  const output: Json = { namespace: 's3://lake', name: 'warehouse/sales_daily', facets: { dataSource: facet(producer, 'DatasourceDatasetFacet', { name: 's3://lake', uri: 's3://lake' }) } };
  if (eventType === 'COMPLETE') output.outputFacets = { outputStatistics: facet(producer, 'OutputStatisticsOutputDatasetFacet', { rowCount: options.rowCount ?? 1200, size: options.size ?? 48_213, fileCount: 2 }) };
  return {
    eventType,
    eventTime,
    producer,
    schemaURL: SCHEMA_URL,
    run: {
      runId: RUN_IDS.spark,
      facets: {
        processing_engine: facet(producer, 'ProcessingEngineRunFacet', { version: '3.5.1', name: 'spark', openlineageAdapterVersion: '1.33.0' }),
        spark_properties: facet(producer, 'SparkPropertiesFacet', { properties: { 'spark.master': 'yarn', 'spark.app.name': 'sales_daily' } }),
      },
    },
    job: {
      namespace: 'spark-prod',
      name: 'sales_daily.execute_insert_into_hadoop_fs_relation_command.warehouse_sales_daily',
      facets: { jobType: facet(producer, 'JobTypeJobFacet', { processingType: 'BATCH', integration: 'SPARK', jobType: 'SQL_JOB' }) },
    },
    inputs: [],
    outputs: [output],
  };
}

/** dbt-ol: the dbt run (parent) and a test node's run under it, with dataQualityAssertions on its input. */
export function dbtRun(eventType: string, eventTime: string): Json {
  return {
    eventType,
    eventTime,
    producer: DBT_PRODUCER,
    schemaURL: SCHEMA_URL,
    run: { runId: RUN_IDS.dbtRun, facets: { dbt_version: facet(DBT_PRODUCER, 'DbtVersionRunFacet', { version: '1.8.2' }) } },
    job: { namespace: 'dbt', name: 'dbt-job-name', facets: { jobType: facet(DBT_PRODUCER, 'JobTypeJobFacet', { processingType: 'BATCH', integration: 'DBT', jobType: 'JOB' }) } },
    inputs: [],
    outputs: [],
  };
}

export function dbtTestNode(eventType: string, eventTime: string, assertions: Json[]): Json {
  return {
    eventType,
    eventTime,
    producer: DBT_PRODUCER,
    schemaURL: SCHEMA_URL,
    run: { runId: RUN_IDS.dbtTest, facets: { parent: facet(DBT_PRODUCER, 'ParentRunFacet', { job: { namespace: 'dbt', name: 'dbt-job-name' }, run: { runId: RUN_IDS.dbtRun } }) } },
    job: {
      namespace: 'dbt',
      name: 'analytics.dbt_prod.orders.test',
      facets: { jobType: facet(DBT_PRODUCER, 'JobTypeJobFacet', { processingType: 'BATCH', integration: 'DBT', jobType: 'TEST' }) },
    },
    inputs:
      eventType === 'COMPLETE' || eventType === 'FAIL'
        ? [{ namespace: 'postgres://warehouse:5432', name: 'analytics.dbt_prod.orders', inputFacets: { dataQualityAssertions: facet(DBT_PRODUCER, 'DataQualityAssertionsDatasetFacet', { assertions }) } }]
        : [],
    outputs: [],
  };
}

/** A failed Spark run: FAIL with the errorMessage facet as the Java integration sends it. */
export function failedRun(eventType: string, eventTime: string): Json {
  const producer = SPARK_PRODUCER;
  return {
    eventType,
    eventTime,
    producer,
    schemaURL: SCHEMA_URL,
    run: {
      runId: RUN_IDS.failed,
      facets:
        eventType === 'FAIL'
          ? {
              errorMessage: facet(producer, 'ErrorMessageRunFacet', {
                message: 'org.apache.spark.sql.AnalysisException: Table or view not found: wrong_table_name; line 1 pos 14',
                programmingLanguage: 'JAVA',
                stackTrace: 'org.apache.spark.sql.AnalysisException: Table or view not found\n\tat org.apache.spark.sql.catalyst.analysis.package$AnalysisErrorAt.failAnalysis(package.scala:42)',
              }),
            }
          : {},
    },
    job: { namespace: 'spark-prod', name: 'returns_daily', facets: {} },
    inputs: [],
    outputs: [],
  };
}
