/**
 * Adam whose learning rate can change during training (tfjs keeps it in a protected field), and
 * whose state can be saved and restored by parameter name for resumable training.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import type { ParameterSnapshot } from './parameters.js';

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

  get rate(): number {
    return this.learningRate;
  }

  setRate(learningRate: number): void {
    if (!(learningRate > 0)) throw new OptionError(`learning rate must be > 0, got ${learningRate}`);
    this.learningRate = learningRate;
  }

  /**
   * The step count and both moments, named after the parameters. `names` are the trainable
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
      values: tensor.dataSync() as Float32Array,
    });
    const out = [entry('iterations', iterations!.tensor)];
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
  }

  /** Whether a snapshot entry belongs to the optimiser rather than the model. */
  static isStateEntry(name: string): boolean {
    return name.startsWith(STATE_PREFIX);
  }
}
