/**
 * DTCR's encoder: a forward and a backward (time-reversed) stack of dilated GRUs. With 'separate'
 * stacks (the authors' code, drnn.py) each direction's layer l reads the same direction's layer
 * l-1; with 'joined' stacks layer l > 1 of both directions reads both directions' outputs of layer
 * l-1. The representation is the last state of every layer in both directions, concatenated:
 * [fw1, bw1, fw2, bw2, ...], 2 * sum(units) values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { dilatedGru } from '../../nn/dilation.js';
import type { GruWeights } from '../../nn/gru.js';
import { addGruWeights } from '../../nn/gru-weights.js';
import type { Parameters } from '../../nn/parameters.js';
import type { DtcrOptions } from './options.js';

export type EncoderArgs = Pick<DtcrOptions, 'units' | 'dilations' | 'encoderStacks' | 'gateBias'>;

export class DtcrEncoder {
  private readonly forward: GruWeights[] = [];
  private readonly backward: GruWeights[] = [];
  readonly size: number;

  constructor(params: Parameters, rng: Random, inputChannels: number, readonly args: EncoderArgs) {
    let inputs = inputChannels;
    args.units.forEach((u, l) => {
      this.forward.push(addGruWeights(params, rng, `encoder/forward${l + 1}`, inputs, u, args.gateBias));
      this.backward.push(addGruWeights(params, rng, `encoder/backward${l + 1}`, inputs, u, args.gateBias));
      inputs = args.encoderStacks === 'joined' ? 2 * u : u;
    });
    this.size = 2 * args.units.reduce((a, b) => a + b, 0);
  }

  /** x [B,T,C] -> representation [B, 2*sum(units)]. */
  encode(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, steps] = x.shape;
      const lasts: tf.Tensor2D[] = [];
      // Each stack's input; the backward stack reads (and writes) time reversed.
      let forwardIn = x;
      let backwardIn = tf.reverse(x, 1);
      this.args.units.forEach((u, l) => {
        const d = this.args.dilations[l]!;
        const fw = dilatedGru(forwardIn, d, this.forward[l]!);
        const bw = dilatedGru(backwardIn, d, this.backward[l]!);
        lasts.push(tf.reshape(tf.slice(fw, [0, steps - 1, 0], [batch, 1, u]), [batch, u]));
        lasts.push(tf.reshape(tf.slice(bw, [0, steps - 1, 0], [batch, 1, u]), [batch, u]));
        if (this.args.encoderStacks === 'joined') {
          forwardIn = tf.concat([fw, tf.reverse(bw, 1)], 2);
          backwardIn = tf.reverse(forwardIn, 1);
        } else {
          forwardIn = fw;
          backwardIn = bw;
        }
      });
      return tf.concat(lasts, 1);
    });
  }
}
