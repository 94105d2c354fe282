import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';

/**
 * AWS Lambda: AWS_LAMBDA_FUNCTION_NAME set. Reads AWS_LAMBDA_FUNCTION_VERSION, AWS_REGION,
 * AWS_LAMBDA_LOG_GROUP_NAME, AWS_LAMBDA_LOG_STREAM_NAME. Never AWS_ACCESS_KEY_ID,
 * AWS_SECRET_ACCESS_KEY or AWS_SESSION_TOKEN, which Lambda also sets.
 * There is no run id: the request id lives in the handler's context, not in the environment.
 */
export function detectAwsLambda(env: EnvironmentVariables): RunEnvironment | undefined {
  const functionName = readVar(env, 'AWS_LAMBDA_FUNCTION_NAME');
  if (!functionName) return undefined;
  const region = readVar(env, 'AWS_REGION');
  return runEnvironment(Platform.AwsLambda, {
    referenceUrl: region ? consoleUrl(region, functionName) : undefined,
    functionName,
    functionVersion: readVar(env, 'AWS_LAMBDA_FUNCTION_VERSION'),
    region,
    logGroup: readVar(env, 'AWS_LAMBDA_LOG_GROUP_NAME'),
    logStream: readVar(env, 'AWS_LAMBDA_LOG_STREAM_NAME'),
  });
}

/**
 * The function's page in the AWS console. Only commercial regions (`eu-west-1`) use this host;
 * China, GovCloud and ISO regions have other console domains, so they get no link.
 */
function consoleUrl(region: string, functionName: string): string | undefined {
  if (!/^[a-z]{2}-[a-z]+-\d+$/.test(region) || region.startsWith('cn-')) return undefined;
  return `https://${region}.console.aws.amazon.com/lambda/home?region=${region}#/functions/${encodeURIComponent(functionName)}`;
}
