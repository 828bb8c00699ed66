/**
 * A model's named weights: one place that creates, lists, snapshots, restores and frees them, so
 * every model saves and loads the same way.
 */
import * as tf from '@tensorflow/tfjs-core';
import { OptionError } from '../core/errors.js';
import type { SavedWeights } from '../core/model-files.js';
import { sizeOf, type Shape } from './init.js';

/** A parameter's name, shape and values, as model files store them. */
export type ParameterSnapshot = SavedWeights;

export class Parameters {
  private readonly variables = new Map<string, tf.Variable>();

  /** Adds a weight with its initial values; the name must be new within this model. */
  add<R extends tf.Rank>(name: string, shape: Shape, values: Float32Array, trainable = true): tf.Variable<R> {
    if (this.variables.has(name)) throw new OptionError(`parameter "${name}" is defined twice`);
    if (values.length !== sizeOf(shape)) {
      throw new OptionError(`parameter "${name}": ${values.length} values for shape [${shape.join(',')}]`);
    }
    // tfjs names variables globally: let it number them, and keep our names here.
    // The variable holds its own reference to the data: free the initial tensor.
    const initial = tf.tensor(values, [...shape], 'float32');
    const variable = tf.variable(initial, trainable);
    initial.dispose();
    this.variables.set(name, variable);
    return variable as tf.Variable<R>;
  }

  get<R extends tf.Rank>(name: string): tf.Variable<R> {
    const variable = this.variables.get(name);
    if (!variable) throw new OptionError(`no parameter "${name}"`);
    return variable as tf.Variable<R>;
  }

  names(): string[] {
    return [...this.variables.keys()];
  }

  trainable(): tf.Variable[] {
    return [...this.variables.values()].filter((v) => v.trainable);
  }

  /** Total number of scalar weights. */
  count(): number {
    let total = 0;
    for (const v of this.variables.values()) total += v.size;
    return total;
  }

  /** Sum of squares of the trainable weights whose names pass the filter (all by default). */
  squaredNorm(include: (name: string) => boolean = () => true): tf.Scalar {
    return tf.tidy(() => {
      const terms = [...this.variables.entries()]
        .filter(([name, v]) => v.trainable && include(name))
        .map(([, v]) => tf.sum(tf.square(v)));
      return terms.length === 0 ? tf.scalar(0) : (tf.addN(terms) as tf.Scalar);
    });
  }

  snapshot(): ParameterSnapshot[] {
    return [...this.variables.entries()].map(([name, v]) => ({
      name,
      shape: [...v.shape],
      trainable: v.trainable,
      values: v.dataSync() as Float32Array,
    }));
  }

  /** Overwrites every weight from a snapshot of the same model; names and shapes must match. */
  restore(snapshot: readonly ParameterSnapshot[]): void {
    const given = new Map(snapshot.map((s) => [s.name, s]));
    for (const [name, variable] of this.variables) {
      const s = given.get(name);
      if (!s) throw new OptionError(`saved weights lack parameter "${name}"`);
      if (s.shape.join(',') !== variable.shape.join(',')) {
        throw new OptionError(`parameter "${name}": saved shape [${s.shape}] but the model has [${variable.shape}]`);
      }
      tf.tidy(() => variable.assign(tf.tensor(s.values, variable.shape, 'float32')));
    }
    if (given.size !== this.variables.size) {
      const extra = [...given.keys()].filter((n) => !this.variables.has(n));
      throw new OptionError(`saved weights have parameters this model lacks: ${extra.join(', ')}`);
    }
  }

  dispose(): void {
    for (const v of this.variables.values()) v.dispose();
    this.variables.clear();
  }
}
