import { Platform } from './platforms.js';
import { readVar, runEnvironment } from './read.js';
import type { EnvironmentVariables, RunEnvironment } from './types.js';

/**
 * Kubernetes: KUBERNETES_SERVICE_HOST set (injected into every container). HOSTNAME is the pod
 * name unless the pod spec overrides it; POD_NAMESPACE is not set by Kubernetes itself, the
 * usual convention is to expose metadata.namespace under that name through the downward API.
 */
export function detectKubernetes(env: EnvironmentVariables): RunEnvironment | undefined {
  if (!readVar(env, 'KUBERNETES_SERVICE_HOST')) return undefined;
  return runEnvironment(Platform.Kubernetes, {
    podName: readVar(env, 'HOSTNAME'),
    namespace: readVar(env, 'POD_NAMESPACE'),
  });
}
