/**
 * Names of Tempora's fused kernels. `src/nn` dispatches to them when the active backend registers
 * them (`tf.getKernel(name, tf.getBackend())`), else computes the same thing with plain TF.js ops.
 */

/**
 * Whole GRU sequence, PyTorch gate convention (r, z, n; two biases). Inputs x [B,T,F], h0 [B,H],
 * kernel [F,3H], recurrentKernel [H,3H], bias [3H], recurrentBias [3H]; attrs dilation d >= 1 and
 * reverse; output all states [B,T,H] in time order, the state at t computed from x_t and the state
 * at t - d (t + d when reverse), h0 where that step is outside the sequence.
 */
export const GRU_SEQUENCE = 'TemporaGruSequence';

/**
 * GRU decoder fed its own output: inputs x0 [B,1], h0 [B,H], kernel [1,3H], recurrentKernel [H,3H],
 * bias, recurrentBias, projKernel [H,1], projBias [1]; attr steps; output y [B,steps] with
 * u_1 = x0, u_t = y_{t-1}, h_t = cell(u_t, h_{t-1}), y_t = h_t projKernel + projBias.
 */
export const GRU_FEEDBACK_DECODE = 'TemporaGruFeedbackDecode';

/**
 * Whole LSTM sequence from a zero state and cell, Keras's gate convention (i, f, g, o; one bias).
 * Inputs x [B,T,F], kernel [F,4H], recurrentKernel [H,4H], bias [4H]; output all states [B,T,H].
 */
export const LSTM_SEQUENCE = 'TemporaLstmSequence';

/**
 * Training-mode batch normalisation of rows with the batch's own statistics: inputs x [N,C],
 * gamma [C], beta [C]; attr epsilon; outputs y = gamma (x - mean) / sqrt(variance + epsilon) + beta
 * [N,C], mean [C] and the biased variance [C]. Its gradient flows through the statistics.
 */
export const BATCH_NORM_TRAIN = 'TemporaBatchNormTrain';

/** BATCH_NORM_TRAIN followed by ReLU (y = max(0, ...)), in one pass; same inputs, attrs and outputs. */
export const BATCH_NORM_RELU_TRAIN = 'TemporaBatchNormReluTrain';

/**
 * ResNet's residual block's end, relu(BN_a(a) + BN_b(b)) with both batch norms in training mode, in
 * one pass and with only a, b and y kept for the gradient: inputs a [N,C], gammaA, betaA,
 * b [N,C], gammaB, betaB; attrs epsilonA, epsilonB; outputs y [N,C], then meanA, varianceA, meanB,
 * varianceB as BATCH_NORM_TRAIN's. Its gradient flows through the statistics.
 */
export const BATCH_NORM_ADD_RELU_TRAIN = 'TemporaBatchNormAddReluTrain';

/**
 * A batch norm's moving statistics moved towards the batch's, as Keras does, in one kernel instead
 * of six: inputs movingMean, movingVariance, mean, variance (all [C]); attr momentum; outputs
 * movingMean * momentum + mean * (1 - momentum) and the same for the variance, each product and the
 * sum rounded to float32 as the plain ops round them.
 */
export const MOVING_AVERAGES = 'TemporaMovingAverages';

/**
 * One Adam step for one parameter, as TF.js's AdamOptimizer computes it: inputs value, m, v, gradient
 * (same shape) and the scalars correction1 = 1 - beta1^t, correction2 = 1 - beta2^t; attrs beta1,
 * beta2, epsilon, learningRate; outputs the new value, m and v.
 */
export const ADAM_UPDATE = 'TemporaAdamUpdate';

/**
 * Max pooling over time after a leaky ReLU: input x [B,T,C]; attrs pool P >= 1 and slope (the leaky
 * ReLU's, as src/nn/leaky-relu.ts computes it: x for x > 0, else slope * x in float32; 1 for none);
 * output y [B,ceil(T/P),C], each window's maximum. The windows are P steps apart with TF.js's 'same'
 * padding: the ceil(T/P) P - T missing steps are split floor(half) before the first window, the
 * rest after the last. The gradient goes to the first step of each window holding its maximum (as
 * TF.js's cpu backend routes it), times the leaky ReLU's derivative there; a window whose maximum
 * is NaN passes none.
 */
export const MAX_POOL_TIME = 'TemporaMaxPoolTime';
