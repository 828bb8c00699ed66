/** The clustering methods that `tempora cluster --method` knows: add a method's file here. */
import { OptionError } from '../../core/errors.js';
import { DTCR_METHOD } from './dtcr-method.js';
import { KMEANS_METHOD } from './kmeans-method.js';
import type { ClusterMethod } from './method.js';

export const CLUSTER_METHODS: readonly ClusterMethod[] = [KMEANS_METHOD, DTCR_METHOD];

export function clusterMethod(name: string): ClusterMethod {
  const method = CLUSTER_METHODS.find((m) => m.name === name);
  if (method === undefined) {
    throw new OptionError(`unknown method '${name}' (allowed: ${CLUSTER_METHODS.map((m) => m.name).join(', ')})`);
  }
  return method;
}
