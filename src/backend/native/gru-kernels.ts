/**
 * The fused GRU kernels (see ../kernel-names.ts for the contract) on the native backend, and their
 * gradients. The forward kernel keeps its gate activations as scratch of its output; the backward
 * kernel reuses them (or recomputes them when the scratch is gone) and returns every input's
 * gradient at once.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, Tensor, TensorInfo } from '@tensorflow/tfjs-core';
import { GRU_FEEDBACK_DECODE, GRU_SEQUENCE } from '../kernel-names.js';
import type { NativeBackend } from './native-backend.js';
import { nativeKernel } from './native-kernel.js';

const GRU_SEQUENCE_GRAD = `${GRU_SEQUENCE}Grad`;
const GRU_FEEDBACK_DECODE_GRAD = `${GRU_FEEDBACK_DECODE}Grad`;

type Inputs = Record<string, TensorInfo>;

/** GRU_SEQUENCE's attributes: the recurrence's dilation and direction. */
interface SequenceAttrs { dilation: number; reverse: boolean }

function sequenceForward(backend: NativeBackend, inputs: Inputs, attrs: SequenceAttrs):
{ hs: Float32Array; gates: Float32Array } {
  const { x, h0, kernel, recurrentKernel, bias, recurrentBias } = inputs as Record<string, TensorInfo>;
  const [batch, steps, features] = x!.shape as [number, number, number];
  const units = h0!.shape[1]!;
  const hs = backend.floats(batch * steps * units);
  const gates = backend.floats(batch * steps * 4 * units);
  const v = (t: TensorInfo | undefined): Float32Array => backend.values(t!);
  backend.addon.gruSequence(v(x), v(h0), v(kernel), v(recurrentKernel), v(bias), v(recurrentBias), batch, steps,
    features, units, attrs.dilation, attrs.reverse, hs, gates);
  return { hs, gates };
}

function decodeForward(backend: NativeBackend, inputs: Inputs, steps: number):
{ y: Float32Array; hs: Float32Array; gates: Float32Array; u: Float32Array } {
  const { x0, h0, kernel, recurrentKernel, bias, recurrentBias, projKernel, projBias } = inputs;
  const [batch, units] = h0!.shape as [number, number];
  const y = backend.floats(batch * steps);
  const hs = backend.floats(batch * steps * units);
  const gates = backend.floats(batch * steps * 4 * units);
  const u = backend.floats(batch * steps);
  const v = (t: TensorInfo | undefined): Float32Array => backend.values(t!);
  backend.addon.gruDecode(v(x0), v(h0), v(kernel), v(recurrentKernel), v(bias), v(recurrentBias), v(projKernel),
    v(projBias), batch, units, steps, y, hs, gates, u);
  return { y, hs, gates, u };
}

export function gruKernels(): KernelConfig[] {
  return [
    nativeKernel(GRU_SEQUENCE, (b, { inputs, attrs }) => {
      const { x, h0 } = inputs as Inputs;
      const { hs, gates } = sequenceForward(b, inputs as Inputs, attrs as unknown as SequenceAttrs);
      const out = b.output([x!.shape[0]!, x!.shape[1]!, h0!.shape[1]!], hs);
      b.keepScratch(out, [gates]);
      return out;
    }),
    nativeKernel(GRU_SEQUENCE_GRAD, (b, { inputs, attrs }) => {
      const { x, h0, kernel, recurrentKernel, bias, recurrentBias, hs, dy } = inputs as Inputs;
      const recurrence = attrs as unknown as SequenceAttrs;
      const [batch, steps, features] = x!.shape as [number, number, number];
      const units = h0!.shape[1]!;
      const gates = b.scratchOf(hs!)?.[0] ?? sequenceForward(b, inputs as Inputs, recurrence).gates;
      const g = 3 * units;
      const dx = b.floats(batch * steps * features);
      const dh0 = b.floats(batch * units);
      const dwx = b.floats(features * g);
      const dwh = b.floats(units * g);
      const dbx = b.floats(g);
      const dbh = b.floats(g);
      b.addon.gruSequenceGrad(b.values(x!), b.values(h0!), b.values(kernel!), b.values(recurrentKernel!),
        b.values(hs!), gates, b.values(dy!), batch, steps, features, units, recurrence.dilation, recurrence.reverse, dx,
        dh0, dwx, dwh, dbx, dbh);
      return [b.output(x!.shape, dx), b.output(h0!.shape, dh0), b.output(kernel!.shape, dwx),
        b.output(recurrentKernel!.shape, dwh), b.output(bias!.shape, dbx), b.output(recurrentBias!.shape, dbh)];
    }),
    nativeKernel(GRU_FEEDBACK_DECODE, (b, { inputs, attrs }) => {
      const steps = (attrs as { steps: number }).steps;
      const { y, hs, gates, u } = decodeForward(b, inputs as Inputs, steps);
      const out = b.output([(inputs as Inputs)['h0']!.shape[0]!, steps], y);
      b.keepScratch(out, [hs, gates, u]);
      return out;
    }),
    nativeKernel(GRU_FEEDBACK_DECODE_GRAD, (b, { inputs }) => {
      const { x0, h0, kernel, recurrentKernel, bias, recurrentBias, projKernel, projBias, y, dy } = inputs as Inputs;
      const [batch, units] = h0!.shape as [number, number];
      const steps = y!.shape[1]!;
      const kept = b.scratchOf(y!);
      const [hs, gates, u] = kept ?? (() => {
        const f = decodeForward(b, inputs as Inputs, steps);
        return [f.hs, f.gates, f.u];
      })();
      const g = 3 * units;
      const dx0 = b.floats(batch);
      const dh0 = b.floats(batch * units);
      const dwx = b.floats(g);
      const dwh = b.floats(units * g);
      const dbx = b.floats(g);
      const dbh = b.floats(g);
      const dp = b.floats(units);
      const dpb = b.floats(1);
      b.addon.gruDecodeGrad(b.values(h0!), b.values(kernel!), b.values(recurrentKernel!), b.values(projKernel!),
        hs!, gates!, u!, b.values(dy!), batch, units, steps, dx0, dh0, dwx, dwh, dbx, dbh, dp, dpb);
      return [b.output(x0!.shape, dx0), b.output(h0!.shape, dh0), b.output(kernel!.shape, dwx),
        b.output(recurrentKernel!.shape, dwh), b.output(bias!.shape, dbx), b.output(recurrentBias!.shape, dbh),
        b.output(projKernel!.shape, dp), b.output(projBias!.shape, dpb)];
    }),
  ];
}

const SEQUENCE_INPUTS = ['x', 'h0', 'kernel', 'recurrentKernel', 'bias', 'recurrentBias'];
const DECODE_INPUTS = [...SEQUENCE_INPUTS.map((n) => (n === 'x' ? 'x0' : n)), 'projKernel', 'projBias'];

/** Maps the named gradients returned by a backward kernel onto the forward kernel's inputs. */
function gradientMap(names: string[], grads: Tensor[]): Record<string, () => Tensor> {
  return Object.fromEntries(names.map((name, i) => [name, () => grads[i]!]));
}

/** Gradients of the fused kernels (registered once; they only run where the forward kernel ran). */
export function registerGruGradients(): void {
  tf.registerGradient({
    kernelName: GRU_SEQUENCE,
    inputsToSave: SEQUENCE_INPUTS,
    outputsToSave: [true],
    gradFunc: (dy, saved, attrs) => {
      const [x, h0, kernel, recurrentKernel, bias, recurrentBias, hs] = saved;
      const grads = tf.engine().runKernel(GRU_SEQUENCE_GRAD,
        { x: x!, h0: h0!, kernel: kernel!, recurrentKernel: recurrentKernel!, bias: bias!,
          recurrentBias: recurrentBias!, hs: hs!, dy: dy as Tensor }, attrs) as Tensor[];
      return gradientMap(SEQUENCE_INPUTS, grads);
    },
  });
  tf.registerGradient({
    kernelName: GRU_FEEDBACK_DECODE,
    inputsToSave: DECODE_INPUTS,
    outputsToSave: [true],
    gradFunc: (dy, saved) => {
      const [x0, h0, kernel, recurrentKernel, bias, recurrentBias, projKernel, projBias, y] = saved;
      const grads = tf.engine().runKernel(GRU_FEEDBACK_DECODE_GRAD,
        { x0: x0!, h0: h0!, kernel: kernel!, recurrentKernel: recurrentKernel!, bias: bias!,
          recurrentBias: recurrentBias!, projKernel: projKernel!, projBias: projBias!, y: y!, dy: dy as Tensor },
      ) as Tensor[];
      return gradientMap(DECODE_INPUTS, grads);
    },
  });
}
