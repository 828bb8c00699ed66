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
      const stateAt = (states: tf.Tensor3D, t: number, u: number): tf.Tensor2D =>
        tf.reshape(tf.slice(states, [0, t, 0], [batch, 1, u]), [batch, u]);
      // Each stack's input, in time order; the backward stack runs from the last step to the first,
      // so its last state is the one at step 0.
      let forwardIn = x;
      let backwardIn = x;
      this.args.units.forEach((u, l) => {
        const d = this.args.dilations[l]!;
        const fw = dilatedGru(forwardIn, d, this.forward[l]!);
        const bw = dilatedGru(backwardIn, d, this.backward[l]!, { reverse: true });
        lasts.push(stateAt(fw, steps - 1, u));
        lasts.push(stateAt(bw, 0, u));
        if (this.args.encoderStacks === 'joined') {
          forwardIn = tf.concat([fw, bw], 2);
          backwardIn = forwardIn;
        } else {
          forwardIn = fw;
          backwardIn = bw;
        }
      });
      return tf.concat(lasts, 1);
    });
  }
}
