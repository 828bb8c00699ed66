import { test } from 'node:test';
import assert from 'node:assert/strict';
import * as tf from '@tensorflow/tfjs-core';
import { Random } from '../../../src/core/random.js';
import { DtcrEncoder } from '../../../src/models/dtcr/encoder.js';
import { Adam } from '../../../src/nn/adam.js';
import { Parameters } from '../../../src/nn/parameters.js';
import { ResNetEncoder } from '../../../src/nn/resnet.js';
import { freeingConsumedGradients } from '../../../src/nn/training/consumed-gradients.js';
import { backendUnderTest } from '../../backend/compare.js';

const backends = ['cpu', ...(backendUnderTest.skip === false ? [backendUnderTest.name] : [])];

/** Each variable's gradient of `loss`, with and without freeing, as arrays; and the tensors left over by each. */
function bothWays(params: Parameters, loss: () => tf.Scalar): { plain: Float32Array[]; freeing: Float32Array[]; leftOver: number[] } {
  const leftOver: number[] = [];
  const [plain, freeing] = [loss, freeingConsumedGradients(loss)].map((f) => {
    const before = tf.memory().numTensors;
    const { value, grads } = tf.variableGrads(f, params.trainable());
    const arrays = params.trainable().map((v) => Float32Array.from(grads[v.name]!.dataSync()));
    tf.dispose([value, ...Object.values(grads)]);
    leftOver.push(tf.memory().numTensors - before);
    return arrays;
  });
  return { plain: plain!, freeing: freeing!, leftOver };
}

function assertSameBits(name: string, plain: Float32Array[], freeing: Float32Array[]): void {
  assert.equal(freeing.length, plain.length);
  plain.forEach((p, i) => assert.deepEqual(new Uint32Array(freeing[i]!.buffer), new Uint32Array(p.buffer), `${name}: gradient ${i} differs`));
}

for (const backend of backends) {
  test(`a ResNet's gradients are bit for bit the same when freed as consumed, on ${backend}`, () => {
    tf.setBackend(backend);
    const params = new Parameters();
    const encoder = new ResNetEncoder(params, new Random(1), 'resnet', 2, { filters: [6, 8, 8], kernelSizes: [5, 3, 1] });
    const x = tf.tensor3d(new Random(2).normalArray(4 * 17 * 2), [4, 17, 2]);
    const { plain, freeing, leftOver } = bothWays(params, () => tf.mean(tf.square(encoder.apply(x, true))));
    assertSameBits('ResNet', plain, freeing);
    assert.deepEqual(leftOver, [0, 0]);
    x.dispose();
    params.dispose();
  });

  test(`DTCR's encoder's gradients are bit for bit the same when freed as consumed, on ${backend}`, () => {
    tf.setBackend(backend);
    const params = new Parameters();
    const encoder = new DtcrEncoder(params, new Random(2), 1, { units: [6, 4, 4], dilations: [1, 4, 16], encoderStacks: 'joined', gateBias: 0 });
    const x = tf.tensor3d(new Random(3).normalArray(5 * 23), [5, 23, 1]);
    const { plain, freeing, leftOver } = bothWays(params, () => tf.sum(tf.square(encoder.encode(x))));
    assertSameBits('DTCR encoder', plain, freeing);
    assert.deepEqual(leftOver, [0, 0]);
    x.dispose();
    params.dispose();
  });
}

/**
 * Live tensors when the backward pass of `run` reaches the first operation of a chain of 20 layers
 * (two operations each) on one variable, through a probe before it.
 */
function liveAtEnd(run: (loss: () => tf.Scalar, x: tf.Variable) => void): number {
  let live = -1;
  const probe = tf.customGrad((...args) => ({
    value: tf.clone(args[0] as tf.Tensor),
    gradFunc: (dy: tf.Tensor) => {
      live = tf.memory().numTensors;
      return tf.clone(dy);
    },
  }));
  const x = tf.variable(tf.ones([8, 8]));
  run(() => {
    let h = probe(x);
    for (let i = 0; i < 20; i++) h = tf.relu(tf.mul(h, 1.5));
    return tf.sum(h);
  }, x);
  x.dispose();
  return live;
}

function gradientsOf(loss: () => tf.Scalar, x: tf.Variable): void {
  const { value, grads } = tf.variableGrads(loss, [x]);
  tf.dispose([value, ...Object.values(grads)]);
}

test('the backward pass holds fewer tensors when it frees the gradients and saved tensors it has consumed, as Adam\'s does', () => {
  tf.setBackend('cpu');
  const plain = liveAtEnd(gradientsOf);
  const freeing = liveAtEnd((loss, x) => gradientsOf(freeingConsumedGradients(loss), x));
  // The 40 output gradients and 60 saved tensors (ReLU's input, both factors of the product) are gone by the end.
  assert.ok(freeing <= plain - 100, `live tensors at the end of the backward pass: ${freeing} freeing, ${plain} plain`);
  const adam = new Adam();
  // Adam's own state (its bias corrections) adds a few.
  const adamLive = liveAtEnd((loss, x) => adam.minimize(loss, false, [x]));
  assert.ok(adamLive <= freeing + 5, `live tensors at the end of Adam's backward pass: ${adamLive}, ${freeing} freeing`);
  adam.dispose();
});

test('gradients that a gradient function passes through, returns twice or takes from the forward pass survive', () => {
  tf.setBackend('cpu');
  const a = tf.tensor1d([1, 2, 3]);
  const b = tf.tensor1d([4, 5, 6]);
  const dy = tf.tensor1d([1, -1, 2]);
  const kept = tf.tensor1d([7, 8, 9]);
  // Passes dy through unchanged, to both inputs: the same tensor is then two inputs' gradient.
  const passTwice = tf.customGrad((...args) => ({ value: tf.add(args[0] as tf.Tensor, args[1] as tf.Tensor), gradFunc: (g: tf.Tensor) => [g, g] }));
  // Returns a tensor that existed before the backward pass as its input's gradient.
  const constantGrad = tf.customGrad((...args) => ({ value: tf.mul(args[0] as tf.Tensor, 2), gradFunc: () => kept }));
  const f = (p: tf.Tensor, q: tf.Tensor): tf.Tensor => tf.mul(passTwice(tf.relu(p), constantGrad(tf.neg(q))), 3);
  const reference = tf.tidy(() => tf.grads(f)([a, b], dy).map((g) => Array.from(g.dataSync())));
  const before = tf.memory().numTensors;
  const grads = tf.grads((p: tf.Tensor, q: tf.Tensor) => freeingConsumedGradients(() => f(p, q))())([a, b], dy);
  assert.deepEqual(grads.map((g) => Array.from(g.dataSync())), reference);
  assert.deepEqual(Array.from(dy.dataSync()), [1, -1, 2], 'the caller\'s dy is still there');
  assert.deepEqual(Array.from(kept.dataSync()), [7, 8, 9], 'a tensor from before the pass is still there');
  tf.dispose(grads);
  assert.equal(tf.memory().numTensors, before);
  tf.dispose([a, b, dy, kept]);
});
