import { hostname } from 'node:os';
import { describe, expect, it } from 'vitest';
import { Platform, RUN_ENVIRONMENT_DETECTORS, detectRunEnvironment } from '../../src/run-environment/index.js';
import * as fixtures from './fixtures.js';
import { SECRET_MARKER } from './fixtures.js';

const { SECRET_MARKER: _marker, ...platformEnvs } = fixtures;

describe('precedence', () => {
  it('reports a CI job running in a Kubernetes pod as the CI platform', () => {
    const found = detectRunEnvironment({ ...fixtures.kubernetes, ...fixtures.githubActions });
    expect(found.platform).toBe(Platform.GitHubActions);
    expect(found.runId).toBe('9876543210');
  });

  it('reports an Airflow task on a Kubernetes worker as Airflow', () => {
    expect(detectRunEnvironment({ ...fixtures.kubernetes, ...fixtures.airflow }).platform).toBe(Platform.Airflow);
  });

  it('reports an Airflow task run inside a CI job as Airflow, the innermost platform', () => {
    expect(detectRunEnvironment({ ...fixtures.gitlabCI, ...fixtures.airflow }).platform).toBe(Platform.Airflow);
  });

  it('prefers a flag-based CI over a JENKINS_URL set to call Jenkins', () => {
    const env = { ...fixtures.githubActions, JENKINS_URL: 'https://jenkins.acme.example/' };
    expect(detectRunEnvironment(env).platform).toBe(Platform.GitHubActions);
  });

  it('reports Databricks and Lambda ahead of Kubernetes', () => {
    expect(detectRunEnvironment({ ...fixtures.kubernetes, ...fixtures.databricks }).platform).toBe(Platform.Databricks);
    expect(detectRunEnvironment({ ...fixtures.kubernetes, ...fixtures.awsLambda }).platform).toBe(Platform.AwsLambda);
  });

  it('tries the detectors in the documented order', () => {
    expect(RUN_ENVIRONMENT_DETECTORS.map((detector) => detector.name)).toEqual([
      'detectAirflow',
      'detectGitHubActions',
      'detectAzurePipelines',
      'detectGitLabCI',
      'detectCircleCI',
      'detectJenkins',
      'detectDatabricks',
      'detectAwsLambda',
      'detectKubernetes',
    ]);
  });
});

describe('fallback', () => {
  it('is Local with the given host name when no platform matches', () => {
    expect(detectRunEnvironment({ PATH: '/usr/bin', HOME: '/home/me' }, { hostname: 'dev-laptop' })).toEqual({
      platform: 'Local',
      host: 'dev-laptop',
    });
  });

  it('uses os.hostname() by default', () => {
    expect(detectRunEnvironment({})).toEqual({ platform: 'Local', host: hostname() });
  });

  it('drops an empty host name', () => {
    expect(detectRunEnvironment({}, { hostname: '' })).toEqual({ platform: 'Local' });
  });

  it('does not treat flags set to other values, or empty markers, as a platform', () => {
    const env = { GITHUB_ACTIONS: 'false', GITLAB_CI: '', KUBERNETES_SERVICE_HOST: '  ', AIRFLOW_CTX_DAG_ID: '' };
    expect(detectRunEnvironment(env, { hostname: 'h' }).platform).toBe(Platform.Local);
  });

  it('reads process.env when no environment is given', () => {
    // Whatever this test runs on, the result must be what the same detectors give for process.env.
    expect(detectRunEnvironment()).toEqual(detectRunEnvironment(process.env));
  });
});

describe('empty values', () => {
  it('are dropped, and a link missing its parts is left out rather than half-built', () => {
    const found = detectRunEnvironment({ ...fixtures.githubActions, GITHUB_RUN_ID: '', GITHUB_WORKFLOW: '   ', GITHUB_JOB: undefined });
    expect(found.platform).toBe(Platform.GitHubActions);
    expect(Object.keys(found).sort()).toEqual(['attempt', 'commit', 'platform', 'ref', 'repository']);
    expect(Object.values(found)).not.toContain('');
  });

  it('leave no empty string or undefined in any platform record', () => {
    for (const env of Object.values(platformEnvs)) {
      const blanked = Object.fromEntries(Object.entries(env).map(([key, value], i) => [key, i % 2 ? '' : value]));
      for (const value of Object.values(detectRunEnvironment(blanked, { hostname: 'h' }))) {
        expect(value).not.toBe('');
        expect(value).not.toBeUndefined();
      }
    }
  });
});

describe('secrets', () => {
  it.each(Object.entries(platformEnvs))('never copies a secret from the %s environment', (_name, env) => {
    const serialised = JSON.stringify(detectRunEnvironment(env));
    expect(serialised).not.toContain(SECRET_MARKER);
    expect(serialised).not.toContain('ASIAEXAMPLE0000');
  });

  it('never copies GITHUB_TOKEN or ACTIONS_RUNTIME_TOKEN, even on a Local fallback', () => {
    const env = { GITHUB_TOKEN: 'ghs_16C7e42F292c6912E7710c838347Ae178B4a', ACTIONS_RUNTIME_TOKEN: 'eyJhbGciOi.runtime.token' };
    const serialised = JSON.stringify([detectRunEnvironment(env, { hostname: 'h' }), detectRunEnvironment({ ...fixtures.githubActions, ...env })]);
    expect(serialised).not.toContain('ghs_16C7e42F292c6912E7710c838347Ae178B4a');
    expect(serialised).not.toContain('eyJhbGciOi.runtime.token');
    expect(serialised).not.toMatch(/token/i);
  });

  it('strips user:password from base URLs before building links', () => {
    const env = { ...fixtures.airflow, AIRFLOW__WEBSERVER__BASE_URL: `https://admin:${SECRET_MARKER}@airflow.acme.example` };
    const found = detectRunEnvironment(env);
    expect(found.referenceUrl).toMatch(/^https:\/\/airflow\.acme\.example\/dags\/nightly_load\/grid\?/);
    expect(JSON.stringify(found)).not.toContain(SECRET_MARKER);
  });

  it('drops a reference URL that is not http(s)', () => {
    const found = detectRunEnvironment({ ...fixtures.jenkins, BUILD_URL: 'javascript:alert(1)' });
    expect(found.platform).toBe(Platform.Jenkins);
    expect(found).not.toHaveProperty('referenceUrl');
  });
});
