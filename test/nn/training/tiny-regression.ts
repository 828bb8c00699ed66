/** A tiny trainable model for the trainer's tests: linear regression on noisy targets, with state of its own. */
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../src/core/random.js';
import { Adam } from '../../../src/nn/adam.js';
import { miniBatches } from '../../../src/nn/mini-batches.js';
import { Parameters } from '../../../src/nn/parameters.js';
import { train, type ModelState, type Trainable, type TrainingOptions, type TrainingOutcome } from '../../../src/nn/training/trainer.js';
import { fingerprint } from '../../../src/nn/training/fingerprint.js';

export const ROWS = 24;
const FEATURES = 3;
export const BATCH = 5;

const data = new Random(7);
const x = data.normalArray(ROWS * FEATURES);
const y = Float32Array.from({ length: ROWS }, (_, r) => 2 * x[r * FEATURES]! - x[r * FEATURES + 1]! + 0.5);

export class TinyRegression implements Trainable {
  readonly params = new Parameters();
  readonly optimizer = new Adam({ learningRate: 0.05 });
  /** Steps taken, and how often each row was seen: state a resumed run must get back. */
  steps = 0;
  seen = new Float32Array(ROWS);
  private random = new Random(0);
  private epoch = 0;
  private stepInEpoch = 0;

  constructor(readonly onStep: (epoch: number, step: number) => void = () => {}) {
    const init = new Random(3);
    this.params.add('w', [FEATURES, 1], init.normalArray(FEATURES, 0, 0.1));
    this.params.add('b', [1], new Float32Array(1));
  }

  beginEpoch(epoch: number, random: Random): Int32Array[] {
    this.random = random;
    this.epoch = epoch;
    this.stepInEpoch = 0;
    return miniBatches(ROWS, BATCH, random);
  }

  step(rows: Int32Array): Record<string, number> {
    // Target noise drawn during the step, as DTCR draws its input noise.
    const noisy = Float32Array.from(rows, (r) => y[r]! + this.random.normal(0, 0.1));
    const inputs = Float32Array.from({ length: rows.length * FEATURES }, (_, i) => x[rows[Math.floor(i / FEATURES)]! * FEATURES + (i % FEATURES)]!);
    const loss = tf.tidy(() => {
      const w = this.params.get<tf.Rank.R2>('w');
      const b = this.params.get<tf.Rank.R1>('b');
      const xb = tf.tensor2d(inputs, [rows.length, FEATURES]);
      const yb = tf.tensor2d(noisy, [rows.length, 1]);
      return this.optimizer.minimize(() => tf.mean(tf.square(tf.sub(tf.add(tf.matMul(xb, w), b), yb))) as tf.Scalar, true, this.params.trainable())!;
    });
    const value = loss.dataSync()[0]!;
    loss.dispose();
    this.steps += 1;
    for (const r of rows) this.seen[r] = this.seen[r]! + 1;
    this.stepInEpoch += 1;
    this.onStep(this.epoch, this.stepInEpoch);
    return { loss: value };
  }

  saveState(): ModelState {
    return { json: { steps: this.steps }, arrays: [{ name: 'seen', shape: [ROWS], trainable: false, values: this.seen }] };
  }

  restoreState(state: ModelState): void {
    this.steps = (state.json as { steps: number }).steps;
    this.seen = Float32Array.from(state.arrays.find((a) => a.name === 'seen')!.values);
  }

  /** Everything a run ends with: weights, Adam's state, and the model's own state. */
  async result(): Promise<{ values: number[][]; steps: number }> {
    const names = this.params.names();
    const arrays = [...this.params.snapshot(), ...(await this.optimizer.stateSnapshot(names)), { values: this.seen }];
    return { values: arrays.map((a) => Array.from(a.values)), steps: this.steps };
  }

  dispose(): void {
    this.params.dispose();
    this.optimizer.dispose();
  }
}

export function trainTiny(model: TinyRegression, options: Partial<TrainingOptions> & { epochs: number }, dir?: string): Promise<TrainingOutcome> {
  return train(model, {
    seed: 11,
    purpose: 1,
    ...(dir ? { checkpoint: { dir, every: 2, fingerprint: fingerprint([x, y], { rows: ROWS, batch: BATCH }) } } : {}),
    ...options,
  });
}
