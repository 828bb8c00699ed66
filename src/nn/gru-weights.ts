/** Creates the named, seeded weights of one GRU (the layout gru.ts expects). */
import type * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../core/random.js';
import type { GruWeights, Projection } from './gru.js';
import { glorotUniform, orthogonal, zeros } from './init.js';
import type { Parameters } from './parameters.js';

/**
 * Input kernel Glorot-uniform over [F, 3H]; recurrent kernel orthogonal per gate (as Keras). The
 * input bias of the reset and update gates starts at `gateBias` (0 as in Keras and PyTorch; 1 as in
 * TensorFlow 1's GRUCell, which keeps more of the state at first); every other bias is zero.
 */
export function addGruWeights(params: Parameters, rng: Random, name: string, inputUnits: number, units: number, gateBias = 0): GruWeights {
  const recurrent = new Float32Array(units * 3 * units);
  for (let gate = 0; gate < 3; gate++) {
    const block = orthogonal(rng, units, units);
    for (let i = 0; i < units; i++) {
      for (let j = 0; j < units; j++) recurrent[i * 3 * units + gate * units + j] = block[i * units + j]!;
    }
  }
  return {
    kernel: params.add<tf.Rank.R2>(`${name}/kernel`, [inputUnits, 3 * units], glorotUniform(rng, [inputUnits, 3 * units])),
    recurrentKernel: params.add<tf.Rank.R2>(`${name}/recurrent_kernel`, [units, 3 * units], recurrent),
    // Gates in the order r, z, n (gru.ts): the first 2H entries are the reset and update gates'.
    bias: params.add<tf.Rank.R1>(`${name}/bias`, [3 * units], zeros([3 * units]).fill(gateBias, 0, 2 * units)),
    recurrentBias: params.add<tf.Rank.R1>(`${name}/recurrent_bias`, [3 * units], zeros([3 * units])),
  };
}

/** A linear read-out of one value per step from H units. */
export function addProjection(params: Parameters, rng: Random, name: string, units: number): Projection {
  return {
    kernel: params.add<tf.Rank.R2>(`${name}/kernel`, [units, 1], glorotUniform(rng, [units, 1])),
    bias: params.add<tf.Rank.R1>(`${name}/bias`, [1], zeros([1])),
  };
}
