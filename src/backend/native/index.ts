/**
 * Registers the 'native' backend: every CPU kernel, with the heavy ones (matrix products,
 * convolutions, layout changes, broadcast arithmetic, reductions, batch norm, fused training-mode batch norm
 * with or without ReLU, GRU and LSTM sequences, max pooling over time and Adam steps) replaced by the addon's. Resolves to false, with the reason,
 * when the addon is not built here.
 */
import * as tf from '@tensorflow/tfjs-core';
import '@tensorflow/tfjs-backend-cpu';
import type { KernelFunc } from '@tensorflow/tfjs-core';
import { addonFailure, loadAddon } from './addon.js';
import { NativeBackend } from './native-backend.js';
import { NATIVE } from './native-kernel.js';
import { matMulKernels } from './matmul-kernels.js';
import { convKernels } from './conv-kernels.js';
import { gruKernels, registerGruGradients } from './gru-kernels.js';
import { lstmKernels, registerLstmGradient } from './lstm-kernels.js';
import { poolKernels, registerMaxPoolTimeGradient } from './pool-kernels.js';
import { layoutKernels } from './layout-kernels.js';
import { elementwiseKernels, registerReluGradient } from './elementwise-kernels.js';
import { adamKernels } from './adam-kernels.js';
import { batchNormKernels, registerBatchNormGradient, registerBatchNormTrainGradient } from './batchnorm-kernels.js';

let registered = false;

/** Registers the backend once; the string says why it cannot run here, or is '' when it can. */
export function registerNativeBackend(): string {
  if (registered) return '';
  const addon = loadAddon();
  if (addon === null) return `native addon not built (${addonFailure()})`;
  const cpuKernels = tf.getKernelsForBackend('cpu');
  const cpu = (name: string): KernelFunc => {
    const config = cpuKernels.find((k) => k.kernelName === name);
    if (config === undefined) throw new Error(`the CPU backend has no kernel ${name}`);
    return config.kernelFunc;
  };
  const own = [...matMulKernels(cpu), ...convKernels(cpu), ...layoutKernels(cpu), ...elementwiseKernels(cpu),
    ...batchNormKernels(cpu), ...gruKernels(), ...lstmKernels(), ...poolKernels(), ...adamKernels()];
  const ownNames = new Set(own.map((k) => k.kernelName));
  for (const config of cpuKernels) {
    if (!ownNames.has(config.kernelName)) tf.registerKernel({ ...config, backendName: NATIVE });
  }
  for (const config of own) tf.registerKernel(config);
  registerGruGradients();
  registerLstmGradient();
  registerMaxPoolTimeGradient();
  registerBatchNormGradient();
  registerBatchNormTrainGradient();
  registerReluGradient();
  // Priority 0: TF.js never picks it on its own; src/backend/index.ts chooses it explicitly.
  tf.registerBackend(NATIVE, () => new NativeBackend(addon), 0);
  registered = true;
  return '';
}
