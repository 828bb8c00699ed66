import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import * as tf from '@tensorflow/tfjs-core';
import { initBackend } from '../../../src/backend/index.js';
import { Random } from '../../../src/core/random.js';
import { DTCR } from '../../../src/models/dtcr/dtcr.js';
import { DtcrEncoder, type EncoderArgs } from '../../../src/models/dtcr/encoder.js';
import { DtcrNetwork } from '../../../src/models/dtcr/network.js';
import { DTCR_DEFAULTS } from '../../../src/models/dtcr/options.js';
import { dilatedGru } from '../../../src/nn/dilation.js';
import type { GruWeights } from '../../../src/nn/gru.js';
import { Parameters } from '../../../src/nn/parameters.js';
import { TINY, twoShapes } from './tiny.js';

await initBackend('cpu');

const x = tf.tensor3d(twoShapes(4, 12).flat(), [4, 12, 1]);

/** The forward layers' parts of the representation [first, second], before and after zeroing the backward stack's weights. */
function forwardParts(encoderStacks: EncoderArgs['encoderStacks']): [Float32Array[], Float32Array[]] {
  const params = new Parameters();
  const encoder = new DtcrEncoder(params, new Random(3), 1, { units: [3, 2], dilations: [1, 2], encoderStacks, gateBias: 0 });
  // Representation columns: fw1 0-2, bw1 3-5, fw2 6-7, bw2 8-9.
  const forward = (): Float32Array[] => {
    const h = encoder.encode(x);
    const parts = [tf.slice(h, [0, 0], [4, 3]), tf.slice(h, [0, 6], [4, 2])];
    const values = parts.map((p) => p.dataSync() as Float32Array);
    tf.dispose([h, ...parts]);
    return values;
  };
  const before = forward();
  for (const name of params.names().filter((n) => n.startsWith('encoder/backward'))) params.get(name).assign(tf.zerosLike(params.get(name)));
  const after = forward();
  params.dispose();
  return [before, after];
}

test("'separate' encoder stacks keep the directions apart; 'joined' ones feed both into the next layer", () => {
  const [separateBefore, separateAfter] = forwardParts('separate');
  assert.deepEqual(separateAfter, separateBefore);
  const [[joinedFirst, joinedSecond], [zeroedFirst, zeroedSecond]] = forwardParts('joined');
  assert.deepEqual(zeroedFirst, joinedFirst, 'the first forward layer reads the input only');
  assert.notDeepEqual(zeroedSecond, joinedSecond, 'the second forward layer reads the backward outputs');
});

/**
 * The representation as the encoder first computed it: the backward stack reads a time-reversed copy
 * of its input and writes its states time reversed, its last state being the last of that order.
 */
function reversedCopiesRepresentation(params: Parameters, args: EncoderArgs, input: tf.Tensor3D): tf.Tensor2D {
  const gru = (name: string): GruWeights => ({
    kernel: params.get(`${name}/kernel`), recurrentKernel: params.get(`${name}/recurrent_kernel`),
    bias: params.get(`${name}/bias`), recurrentBias: params.get(`${name}/recurrent_bias`),
  });
  const [batch, steps] = input.shape;
  const lasts: tf.Tensor[] = [];
  let forwardIn = input;
  let backwardIn = tf.reverse(input, 1);
  args.units.forEach((u, l) => {
    const fw = dilatedGru(forwardIn, args.dilations[l]!, gru(`encoder/forward${l + 1}`));
    const bw = dilatedGru(backwardIn, args.dilations[l]!, gru(`encoder/backward${l + 1}`));
    lasts.push(tf.slice(fw, [0, steps - 1, 0], [batch, 1, u]), tf.slice(bw, [0, steps - 1, 0], [batch, 1, u]));
    forwardIn = args.encoderStacks === 'joined' ? tf.concat([fw, tf.reverse(bw, 1)], 2) : fw;
    backwardIn = args.encoderStacks === 'joined' ? tf.reverse(forwardIn, 1) : bw;
  });
  return tf.reshape(tf.concat(lasts, 2), [batch, -1]);
}

test('the representation is that of a backward stack run over time-reversed copies (both stack layouts)', () => {
  const series = tf.tensor3d(new Random(9).normalArray(3 * 13 * 2), [3, 13, 2]);
  for (const encoderStacks of ['separate', 'joined'] as const) {
    const params = new Parameters();
    const args: EncoderArgs = { units: [4, 3, 3], dilations: [1, 2, 4], encoderStacks, gateBias: 0 };
    const encoder = new DtcrEncoder(params, new Random(11), 2, args);
    const got = encoder.encode(series).dataSync();
    const expected = tf.tidy(() => reversedCopiesRepresentation(params, args, series)).dataSync();
    assert.equal(got.length, expected.length);
    got.forEach((v, i) => assert.ok(Math.abs(v - expected[i]!) < 1e-6, `${encoderStacks} [${i}]: ${v} vs ${expected[i]}`));
    params.dispose();
  }
  series.dispose();
});

test('gateBias initialises the input bias of the reset and update gates of every GRU, and nothing else', () => {
  const network = new DtcrNetwork(new Random(1), { ...DTCR_DEFAULTS, ...TINY, gateBias: 1, encoderStacks: 'separate' });
  const biases = network.params.snapshot().filter((w) => /gru|forward|backward/.test(w.name) && w.name.endsWith('bias'));
  assert.ok(biases.length > 0);
  for (const { name, values } of biases) {
    const units = values.length / 3;
    const expected = Array.from(values, (_, i) => (name.endsWith('/recurrent_bias') || i >= 2 * units ? 0 : 1));
    assert.deepEqual(Array.from(values), expected, name);
  }
  network.params.dispose();
});

test('a model saved in the format before the one layout (format 1) is refused with a clear message', async () => {
  const data = twoShapes(8, 16);
  const model = await new DTCR({ ...TINY, encoderStacks: 'joined', gateBias: 0 }).fit(data);
  const dir = mkdtempSync(join(tmpdir(), 'tempora-dtcr-old-'));
  try {
    await model.save(dir);
    const file = join(dir, 'model.json');
    const json = JSON.parse(readFileSync(file, 'utf8'));
    json.format = 1;
    writeFileSync(file, JSON.stringify(json));
    await assert.rejects(DTCR.load(dir), /saved by an older Tempora \(format 1\): fit and save it again/);
  } finally {
    rmSync(dir, { recursive: true, force: true });
    model.dispose();
  }
});
