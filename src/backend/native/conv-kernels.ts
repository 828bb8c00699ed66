/**
 * Conv2D, FusedConv2D with a bias and no activation (the bias is added inside the convolution), and
 * both backward passes on the native backend (oneDNN, else im2col + sgemm; NHWC). TF.js runs conv1d
 * through conv2d, so this also serves Conv1D. Other layouts and fused activations fall back to the
 * CPU kernels.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { KernelConfig, KernelFunc, TensorInfo } from '@tensorflow/tfjs-core';
import { nativeKernel } from './native-kernel.js';

type ConvAttrs = {
  strides: [number, number] | number;
  pad: 'valid' | 'same' | number | tf.backend_util.ExplicitPadding;
  dataFormat: 'NHWC' | 'NCHW';
  dilations?: [number, number] | number;
  dimRoundingMode?: 'floor' | 'round' | 'ceil';
};

function geometry(info: tf.backend_util.Conv2DInfo): number[] {
  return [info.batchSize, info.inHeight, info.inWidth, info.inChannels, info.filterHeight, info.filterWidth,
    info.outChannels, info.outHeight, info.outWidth, info.strideHeight, info.strideWidth, info.padInfo.top,
    info.padInfo.left, info.dilationHeight, info.dilationWidth];
}

function convInfo(inShape: number[], filterShape: number[], attrs: ConvAttrs,
  dilations: [number, number] | number): tf.backend_util.Conv2DInfo {
  return tf.backend_util.computeConv2DInfo(inShape as [number, number, number, number],
    filterShape as [number, number, number, number], attrs.strides, dilations, attrs.pad, attrs.dimRoundingMode,
    false, tf.backend_util.convertConv2DDataFormat(attrs.dataFormat));
}

const channelsLast = (attrs: ConvAttrs): boolean => attrs.dataFormat !== 'NCHW';

/** Conv2D, or FusedConv2D when it only adds a bias of one value per output channel; else the CPU kernel. */
function forwardKernel(kernelName: string, fallback: KernelFunc): KernelConfig {
  return nativeKernel(kernelName, (backend, args) => {
    const attrs = args.attrs as unknown as ConvAttrs & { activation?: string };
    const { x, filter, bias, preluActivationWeights } = args.inputs as Record<string, TensorInfo | undefined>;
    const outChannels = filter!.shape[3];
    const plainBias = bias === undefined || (bias.dtype === 'float32' && bias.shape.length === 1 && bias.shape[0] === outChannels);
    const linear = (attrs.activation ?? 'linear') === 'linear' && preluActivationWeights === undefined;
    if (!channelsLast(attrs) || !plainBias || !linear) return fallback(args);
    const info = convInfo(x!.shape, filter!.shape, attrs, attrs.dilations ?? 1);
    const y = backend.floats(tf.util.sizeFromShape(info.outShape));
    backend.addon.conv2d(backend.values(x!), backend.values(filter!), y, bias === undefined ? null : backend.values(bias),
      ...geometry(info));
    return backend.output(info.outShape, y);
  });
}

export function convKernels(cpu: (name: string) => KernelFunc): KernelConfig[] {
  const backpropInput = cpu(tf.Conv2DBackpropInput);
  const backpropFilter = cpu(tf.Conv2DBackpropFilter);
  return [
    forwardKernel(tf.Conv2D, cpu(tf.Conv2D)),
    forwardKernel(tf.FusedConv2D, cpu(tf.FusedConv2D)),
    nativeKernel(tf.Conv2DBackpropInput, (backend, args) => {
      const attrs = args.attrs as unknown as ConvAttrs & { inputShape: number[] };
      if (!channelsLast(attrs)) return backpropInput(args);
      const { dy, filter } = args.inputs as { dy: TensorInfo; filter: TensorInfo };
      const info = convInfo(attrs.inputShape, filter.shape, attrs, 1);
      const dx = backend.floats(tf.util.sizeFromShape(info.inShape));
      backend.addon.conv2dBackpropInput(backend.values(dy), backend.values(filter), dx, ...geometry(info));
      return backend.output(info.inShape, dx);
    }),
    nativeKernel(tf.Conv2DBackpropFilter, (backend, args) => {
      const attrs = args.attrs as unknown as ConvAttrs & { filterShape: number[] };
      if (!channelsLast(attrs)) return backpropFilter(args);
      const { x, dy } = args.inputs as { x: TensorInfo; dy: TensorInfo };
      const info = convInfo(x.shape, attrs.filterShape, attrs, 1);
      const dw = backend.floats(tf.util.sizeFromShape(attrs.filterShape));
      backend.addon.conv2dBackpropFilter(backend.values(x), backend.values(dy), dw, ...geometry(info));
      return backend.output(attrs.filterShape, dw);
    }),
  ];
}
