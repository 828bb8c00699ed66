/**
 * The classic clustering's heavy loops in float64 on the native addon, or null when the addon is
 * not built here (the models then compute the same in JavaScript): the Gaussian mixture's E and M
 * steps (native/mixture.cc: BLAS triangular products for full covariances, vectorised loops for
 * diagonal ones) and k-means' squared distances (native/distances.cc), which also initialise the
 * mixture.
 */
import { loadAddon, type NativeAddon } from './native/addon.js';

export type ClusteringKernels = Pick<NativeAddon, 'mixtureDiagLogDensities' | 'mixtureFullLogDensities' | 'mixtureMoments'
| 'mixtureFullCovariances' | 'inverseCholesky' | 'squaredDistances'>;

let enabled = true;

/** Switches the native kernels off (JavaScript instead) or back on; tests and benchmarks compare both. */
export function useNativeClustering(on: boolean): void {
  enabled = on;
}

/** The native kernels, or null without the addon or when switched off. */
export function clusteringKernels(): ClusteringKernels | null {
  return enabled ? loadAddon() : null;
}
