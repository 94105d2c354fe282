import { describe, expect, it } from 'vitest';
import { applyNameTemplate, DEFAULT_OPENLINEAGE_SETTINGS, parseOpenLineageSettings, ruleFor } from '../../src/services/openlineage/config.js';
import { childStageName } from '../../src/services/openlineage/map.js';

describe('the OpenLineage mapping file', () => {
  it('defaults: refuse unknown jobs, name [namespace=<ns>, job=<name>], child runs as stages', () => {
    expect(parseOpenLineageSettings({})).toEqual(DEFAULT_OPENLINEAGE_SETTINGS);
    expect(applyNameTemplate(DEFAULT_OPENLINEAGE_SETTINGS.sequenceName, 'airflow-prod', 'daily_sales')).toEqual([
      { key: 'namespace', value: 'airflow-prod' },
      { key: 'job', value: 'daily_sales' },
    ]);
  });

  it('reads rules in order: exact namespace and job, or a job prefix ending in *', () => {
    const settings = parseOpenLineageSettings({
      createSequences: true,
      jobs: [
        { namespace: 'airflow-prod', job: 'daily_sales.*', childRuns: 'submissions' },
        { namespace: 'airflow-prod', sequence: [{ key: 'dag', value: '{job}' }] },
      ],
    });
    expect(settings.createSequences).toBe(true);
    expect(ruleFor(settings, 'airflow-prod', 'daily_sales.load')?.childRuns).toBe('submissions');
    expect(ruleFor(settings, 'airflow-prod', 'weekly')?.sequence).toEqual([{ key: 'dag', value: '{job}' }]);
    expect(ruleFor(settings, 'spark', 'daily_sales.load')).toBeUndefined();
  });

  it('lists every problem with its field', () => {
    expect(() => parseOpenLineageSettings({ createSequences: 'yes', sequenceName: [], jobs: [{ job: '', extra: 1 }], other: true })).toThrow(
      /other: is not a setting.*createSequences: must be true or false.*sequenceName: must have at least one part.*jobs\[0\]\.extra: is not a rule field.*jobs\[0\]\.job: must be a non-empty string/,
    );
    expect(() => parseOpenLineageSettings([])).toThrow(/must be a JSON object/);
  });
});

describe('child stage names', () => {
  it('drop the parent job\u2019s name and a dot (Airflow `dag.task`), else keep the whole name', () => {
    expect(childStageName('daily_sales.load', 'daily_sales')).toBe('load');
    expect(childStageName('analytics.dbt_prod.orders.test', 'dbt-job-name')).toBe('analytics.dbt_prod.orders.test');
    expect(childStageName('daily_sales.', 'daily_sales')).toBe('daily_sales.');
  });
});
