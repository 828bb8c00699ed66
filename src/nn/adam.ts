/**
 * Adam whose learning rate can change during training (tfjs keeps it in a protected field), and
 * whose state can be saved and restored by parameter name for resumable training. Where the backend
 * registers the fused ADAM_UPDATE kernel, each parameter's step is one kernel instead of a dozen
 * ops; the moments live in the same variables, so the state is the same either way. The backward
 * pass frees each gradient, and each tensor saved for it, as soon as it has consumed it.
 */
import * as tf from '@tensorflow/tfjs-core';
import { ADAM_UPDATE, backendHasKernel } from '../backend/index.js';
import { OptionError } from '../core/errors.js';
import type { ParameterSnapshot } from './parameters.js';
import { freeingConsumedGradients } from './training/consumed-gradients.js';

/** The fields of tf.AdamOptimizer that the fused step reads and updates (private in its typings). */
interface AdamState {
  accBeta1: tf.Variable;
  accBeta2: tf.Variable;
  accumulatedFirstMoment: { originalName: string; variable: tf.Variable }[];
  accumulatedSecondMoment: { originalName: string; variable: tf.Variable }[];
}

export interface AdamOptions {
  /** Default 1e-3. */
  learningRate?: number;
  /** Default 0.9. */
  beta1?: number;
  /** Default 0.999. */
  beta2?: number;
  /** Default 1e-7 (Keras's). */
  epsilon?: number;
}

const STATE_PREFIX = 'adam/';

export class Adam extends tf.AdamOptimizer {
  constructor(options: AdamOptions = {}) {
    const learningRate = options.learningRate ?? 1e-3;
    if (!(learningRate > 0)) throw new OptionError(`learning rate must be > 0, got ${learningRate}`);
    super(learningRate, options.beta1 ?? 0.9, options.beta2 ?? 0.999, options.epsilon ?? 1e-7);
  }

  /** TF.js's gradients, with intermediate gradients and saved tensors freed once consumed (see consumed-gradients.ts). */
  override computeGradients(f: () => tf.Scalar, varList?: tf.Variable[]): { value: tf.Scalar; grads: tf.NamedTensorMap } {
    return super.computeGradients(freeingConsumedGradients(f), varList);
  }

  /** TF.js's Adam step, with each parameter's update fused into one kernel where the backend has it. */
  override applyGradients(variableGradients: Parameters<tf.AdamOptimizer['applyGradients']>[0]): void {
    if (!backendHasKernel(ADAM_UPDATE)) {
      super.applyGradients(variableGradients);
      return;
    }
    const state = this as unknown as AdamState;
    const names = Array.isArray(variableGradients) ? variableGradients.map((v) => v.name) : Object.keys(variableGradients);
    tf.tidy(() => {
      const correction1 = tf.sub(1, state.accBeta1);
      const correction2 = tf.sub(1, state.accBeta2);
      const attrs = { beta1: this.beta1, beta2: this.beta2, epsilon: this.epsilon, learningRate: this.learningRate };
      names.forEach((name, i) => {
        const value = tf.engine().registeredVariables[name]!;
        const moment = (suffix: string) => ({ originalName: `${name}/${suffix}`, variable: tf.tidy(() => tf.zerosLike(value).variable(false)) });
        state.accumulatedFirstMoment[i] ??= moment('m');
        state.accumulatedSecondMoment[i] ??= moment('v');
        const gradient = Array.isArray(variableGradients) ? variableGradients[i]!.tensor : variableGradients[name];
        if (gradient == null) return;
        const m = state.accumulatedFirstMoment[i]!.variable;
        const v = state.accumulatedSecondMoment[i]!.variable;
        const [newValue, newM, newV] = tf.engine().runKernel(ADAM_UPDATE,
          { value, m, v, gradient, correction1, correction2 }, attrs) as tf.Tensor[];
        m.assign(newM!);
        v.assign(newV!);
        value.assign(newValue!);
      });
      state.accBeta1.assign(tf.mul(state.accBeta1, this.beta1));
      state.accBeta2.assign(tf.mul(state.accBeta2, this.beta2));
    });
    this.incrementIterations();
  }

  get rate(): number {
    return this.learningRate;
  }

  setRate(learningRate: number): void {
    if (!(learningRate > 0)) throw new OptionError(`learning rate must be > 0, got ${learningRate}`);
    this.learningRate = learningRate;
  }

  /**
   * The step count, the bias corrections and both moments, named after the parameters. `names` are the trainable
   * parameters in the order the optimiser was always given them.
   */
  async stateSnapshot(names: readonly string[]): Promise<ParameterSnapshot[]> {
    const weights = await this.getWeights();
    const [iterations, ...moments] = weights;
    if (moments.length !== 0 && moments.length !== 2 * names.length) {
      throw new OptionError(`Adam holds ${moments.length / 2} moments for ${names.length} parameters`);
    }
    const entry = (name: string, tensor: tf.Tensor): ParameterSnapshot => ({
      name: STATE_PREFIX + name,
      shape: [...tensor.shape],
      trainable: false,
      values: Float32Array.from(tensor.dataSync()),
    });
    const state = this as unknown as AdamState;
    // The bias corrections as they were accumulated: recomputing them from the step count rounds differently.
    const out = [entry('iterations', iterations!.tensor), entry('accBeta1', state.accBeta1), entry('accBeta2', state.accBeta2)];
    // getWeights makes a new tensor of the step count; the moments are the optimiser's own.
    iterations!.tensor.dispose();
    moments.forEach((m, i) => out.push(entry(`${i < names.length ? 'm' : 'v'}/${names[i % names.length]}`, m.tensor)));
    return out;
  }

  /** Restores what stateSnapshot gave, for the same parameters in the same order. */
  async restoreState(snapshot: readonly ParameterSnapshot[], names: readonly string[]): Promise<void> {
    const byName = new Map(snapshot.map((s) => [s.name, s]));
    const tensor = (name: string): tf.Tensor => {
      const s = byName.get(STATE_PREFIX + name);
      if (!s) throw new OptionError(`saved optimiser state lacks "${name}"`);
      return tf.tensor(s.values, s.shape, 'float32');
    };
    const iterations = tensor('iterations');
    const hasMoments = byName.has(`${STATE_PREFIX}m/${names[0]}`);
    const moments = hasMoments ? [...names.map((n) => tensor(`m/${n}`)), ...names.map((n) => tensor(`v/${n}`))] : [];
    const named = [iterations, ...moments].map((t, i) => ({ name: i === 0 ? 'iter' : `state${i}`, tensor: t }));
    await this.setWeights(named);
    tf.dispose(named.map((n) => n.tensor));
    const state = this as unknown as AdamState;
    for (const key of ['accBeta1', 'accBeta2'] as const) {
      if (!byName.has(STATE_PREFIX + key)) continue;
      const saved = tensor(key);
      state[key].assign(saved);
      saved.dispose();
    }
  }

  /** Whether a snapshot entry belongs to the optimiser rather than the model. */
  static isStateEntry(name: string): boolean {
    return name.startsWith(STATE_PREFIX);
  }
}
