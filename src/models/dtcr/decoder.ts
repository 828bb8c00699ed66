/**
 * DTCR's decoder: one GRU whose hidden size equals the representation size, started from the
 * representation, predicting one value per step with output feedback.
 */
import type * as tf from '@tensorflow/tfjs-core';
import type { Random } from '../../core/random.js';
import { gruFeedbackDecode, type GruWeights, type Projection } from '../../nn/gru.js';
import { addGruWeights, addProjection } from '../../nn/gru-weights.js';
import type { Parameters } from '../../nn/parameters.js';

export class DtcrDecoder {
  private readonly gru: GruWeights;
  private readonly projection: Projection;

  constructor(params: Parameters, rng: Random, readonly size: number, gateBias: number) {
    this.gru = addGruWeights(params, rng, 'decoder/gru', 1, size, gateBias);
    this.projection = addProjection(params, rng, 'decoder/output', size);
  }

  /** representation [B,D], first input [B,1] -> reconstruction [B, steps]. */
  decode(representation: tf.Tensor2D, firstInput: tf.Tensor2D, steps: number): tf.Tensor2D {
    return gruFeedbackDecode(firstInput, representation, this.gru, this.projection, steps);
  }
}
