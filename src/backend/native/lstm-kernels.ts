/**
 * The fused LSTM sequence kernel (see ../kernel-names.ts for the contract) on the native backend,
 * and its gradient. The forward kernel keeps its cells and gate activations as scratch of its
 * output; the backward kernel reuses them (or recomputes them when the scratch is gone) and
 * returns every input's gradient at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { LSTM_SEQUENCE } from '../kernel-names.js';
import type { NativeBackend } from './native-backend.js';
import { nativeKernel } from './native-kernel.js';

const LSTM_SEQUENCE_GRAD = `${LSTM_SEQUENCE}Grad`;

const INPUTS = ['x', 'kernel', 'recurrentKernel', 'bias'];

/** Values kept per row and step for the backward pass: gates i, f, g, o and tanh(c) (native/lstm.cc). */
const KEPT = 5;

type Inputs = Record<string, TensorInfo>;

function sequenceForward(backend: NativeBackend, inputs: Inputs): { hs: Float32Array; cs: Float32Array; kept: Float32Array } {
  const { x, kernel, recurrentKernel, bias } = inputs;
  const [batch, steps, features] = x!.shape as [number, number, number];
  const units = recurrentKernel!.shape[0]!;
  const hs = backend.floats(batch * steps * units);
  const cs = backend.floats(batch * steps * units);
  const kept = backend.floats(batch * steps * KEPT * units);
  backend.addon.lstmSequence(backend.values(x!), backend.values(kernel!), backend.values(recurrentKernel!),
    backend.values(bias!), batch, steps, features, units, hs, cs, kept);
  return { hs, cs, kept };
}

export function lstmKernels(): KernelConfig[] {
  return [
    nativeKernel(LSTM_SEQUENCE, (b, { inputs }) => {
      const { x, recurrentKernel } = inputs as Inputs;
      const { hs, cs, kept } = sequenceForward(b, inputs as Inputs);
      const out = b.output([x!.shape[0]!, x!.shape[1]!, recurrentKernel!.shape[0]!], hs);
      b.keepScratch(out, [cs, kept]);
      return out;
    }),
    nativeKernel(LSTM_SEQUENCE_GRAD, (b, { inputs }) => {
      const { x, kernel, recurrentKernel, bias, hs, dy } = inputs as Inputs;
      const [batch, steps, features] = x!.shape as [number, number, number];
      const units = recurrentKernel!.shape[0]!;
      const [cs, kept] = b.scratchOf(hs!) ?? (() => {
        const f = sequenceForward(b, inputs as Inputs);
        return [f.cs, f.kept];
      })();
      const g = 4 * units;
      const dx = b.floats(batch * steps * features);
      const dwx = b.floats(features * g);
      const dwh = b.floats(units * g);
      const dbias = b.floats(g);
      b.addon.lstmSequenceGrad(b.values(x!), b.values(kernel!), b.values(recurrentKernel!), b.values(hs!), cs!, kept!,
        b.values(dy!), batch, steps, features, units, dx, dwx, dwh, dbias);
      return [b.output(x!.shape, dx), b.output(kernel!.shape, dwx), b.output(recurrentKernel!.shape, dwh),
        b.output(bias!.shape, dbias)];
    }),
  ];
}

/** The gradient of the fused kernel (registered once; it only runs where the forward kernel ran). */
export function registerLstmGradient(): void {
  tf.registerGradient({
    kernelName: LSTM_SEQUENCE,
    inputsToSave: INPUTS,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [x, kernel, recurrentKernel, bias, hs] = saved;
      const grads = tf.engine().runKernel(LSTM_SEQUENCE_GRAD,
        { x: x!, kernel: kernel!, recurrentKernel: recurrentKernel!, bias: bias!, hs: hs!, dy: dy as Tensor }) as Tensor[];
      return Object.fromEntries(INPUTS.map((name, i) => [name, () => grads[i]!]));
    },
  });
}
