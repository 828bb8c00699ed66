/**
 * DTCR's encoder: a forward and a backward (time-reversed) stack of dilated GRUs. Layer l > 1 reads
 * the concatenated forward and backward outputs of layer l-1 (as the authors' code). The
 * representation is the last state of every layer in both directions, concatenated:
 * [fw1, bw1, fw2, bw2, ...], 2 * sum(units) values.
 */
import * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { dilatedGru } from '../../nn/dilation.js';
import type { GruWeights } from '../../nn/gru.js';
import { addGruWeights } from '../../nn/gru-weights.js';
import type { Parameters } from '../../nn/parameters.js';

export class DtcrEncoder {
  private readonly forward: GruWeights[] = [];
  private readonly backward: GruWeights[] = [];
  readonly size: number;

  constructor(params: Parameters, rng: Random, inputChannels: number, readonly units: readonly number[], readonly dilations: readonly number[]) {
    let inputs = inputChannels;
    units.forEach((u, l) => {
      this.forward.push(addGruWeights(params, rng, `encoder/forward${l + 1}`, inputs, u));
      this.backward.push(addGruWeights(params, rng, `encoder/backward${l + 1}`, inputs, u));
      inputs = 2 * u;
    });
    this.size = 2 * units.reduce((a, b) => a + b, 0);
  }

  /** x [B,T,C] -> representation [B, 2*sum(units)]. */
  encode(x: tf.Tensor3D): tf.Tensor2D {
    return tf.tidy(() => {
      const [batch, steps] = x.shape;
      const lasts: tf.Tensor2D[] = [];
      let h = x;
      this.units.forEach((u, l) => {
        const d = this.dilations[l]!;
        const fw = dilatedGru(h, d, this.forward[l]!);
        const bw = dilatedGru(tf.reverse(h, 1), d, this.backward[l]!);
        lasts.push(tf.reshape(tf.slice(fw, [0, steps - 1, 0], [batch, 1, u]), [batch, u]));
        lasts.push(tf.reshape(tf.slice(bw, [0, steps - 1, 0], [batch, 1, u]), [batch, u]));
        h = tf.concat([fw, tf.reverse(bw, 1)], 2);
      });
      return tf.concat(lasts, 1);
    });
  }
}
