/**
 * What Sup-ResNet and the teacher-student methods share: the training options of one ResNet, and
 * the classifier surface over a trained network's 'classes' head (probabilities, features, the
 * network's save and restore).
 */
import { OptionError } from '../../core/errors.js';
import type { SavedWeights } from '../../core/model-files.js';
import { seriesTensor, type SeriesInput } from '../../nn/input.js';
import type { ResNetArchitecture } from '../../nn/resnet.js';
import { parseInteger, parseIntegerList, parseNumber } from '../../core/parse-options.js';
import { checkInteger, checkNumber } from '../base/check-options.js';
import { EPOCHS_OPTION, numberValue, type MethodOption, type MethodValues } from '../base/method-spec.js';
import { Classifier, type ClassifierConfig, type EstimatorState } from '../base/estimator.js';
import type { PlateauOptions } from './plateau-schedule.js';
import { ResNetClassifier, type ResNetClassifierConfig, type TrainOptions } from './resnet-classifier.js';

/** How one ResNet is built and trained. */
export interface NetworkOptions extends ResNetArchitecture {
  /** Training epochs (default 1500, the authors'). */
  epochs?: number;
  /** Rows per batch (default 16 for Sup-ResNet and teachers, 32 for students, the authors'). */
  batchSize?: number;
  /** Adam's initial learning rate (default 1e-3). */
  learningRate?: number;
  /** Plateau schedule on the training loss, or false for a constant rate (default factor 0.5, patience 50, minimum 1e-4). */
  plateau?: PlateauOptions | false;
}

/** The head every method predicts classes with. */
export const CLASS_HEAD = 'classes';

/** NetworkOptions over their defaults, checked (the batch size default depends on the network's role). */
export function resolveNetwork(options: NetworkOptions | undefined, defaultBatch: number): NetworkOptions {
  const o = options ?? {};
  return {
    ...architectureOf(o),
    epochs: checkInteger('epochs', o.epochs ?? 1500, 0),
    batchSize: checkInteger('batchSize', o.batchSize ?? defaultBatch, 1),
    learningRate: checkNumber('learningRate', o.learningRate ?? 1e-3, 0, true),
    plateau: o.plateau === false ? false : { ...(o.plateau ?? {}) },
  };
}

/** The train options of one resolved network. */
export function trainOptions(options: NetworkOptions, seed: number): Omit<TrainOptions, 'onEpoch' | 'checkpointDir' | 'signal'> {
  return { epochs: options.epochs!, batchSize: options.batchSize!, seed, plateau: options.plateau ?? {} };
}

/** Only the data of NetworkOptions that shapes the network, for its config. */
export function architectureOf(options: NetworkOptions): ResNetArchitecture {
  const out: ResNetArchitecture = {};
  if (options.filters) out.filters = [...options.filters];
  if (options.kernelSizes) out.kernelSizes = [...options.kernelSizes];
  if (options.batchNorm) out.batchNorm = { ...options.batchNorm };
  return out;
}

/** The options of every ResNet classifier on the command line: epochs and BatchNorm momentum of each network. */
export const NETWORK_OPTIONS: readonly MethodOption[] = [
  EPOCHS_OPTION,
  {
    key: 'batchNormMomentum',
    flags: '--batch-norm-momentum <m>',
    description: 'BatchNorm moving-average momentum of each network (Keras: 0.99; short runs need less)',
    parse: (v) => parseNumber('--batch-norm-momentum', v, (m) => m >= 0 && m < 1, 'a number in [0, 1)'),
  },
  { key: 'batchSize', flags: '--batch-size <n>', description: 'rows per batch of each network (default: the authors\' 16 for teachers and Sup-ResNet, 32 for students)', parse: (v) => parseInteger('--batch-size', v, 1) },
  { key: 'filters', flags: '--filters <a,b,c>', description: 'ResNet filters of each residual block (default 64,128,128)', parse: (v) => parseIntegerList('--filters', v) },
  { key: 'kernelSizes', flags: '--kernel-sizes <a,b,c>', description: "kernel sizes of each block's three convolutions (default 8,5,3)", parse: (v) => parseIntegerList('--kernel-sizes', v) },
];

/** Each network's options from the parsed NETWORK_OPTIONS. */
export function networkFrom(values: MethodValues): NetworkOptions {
  const momentum = numberValue(values, 'batchNormMomentum');
  const list = (key: string): number[] | undefined => (values[key] === undefined ? undefined : [...(values[key] as readonly number[])]);
  const filters = list('filters');
  const kernelSizes = list('kernelSizes');
  return {
    ...(values['epochs'] !== undefined ? { epochs: Number(values['epochs']) } : {}),
    ...(values['batchSize'] !== undefined ? { batchSize: Number(values['batchSize']) } : {}),
    ...(momentum !== undefined ? { batchNorm: { momentum } } : {}),
    ...(filters ? { filters } : {}),
    ...(kernelSizes ? { kernelSizes } : {}),
  };
}

/** The key of the network's own config in a saved model's state. */
const NETWORK_KEY = 'network';

export abstract class ResNetEstimator<Config extends ClassifierConfig> extends Classifier<Config> {
  protected network: ResNetClassifier | null = null;

  /** The pooled ResNet features (the classifier's input), one row per series. */
  async transform(x: SeriesInput): Promise<Float32Array[]> {
    this.checkInput(x);
    const input = seriesTensor(x);
    try {
      return this.fitted().features(input);
    } finally {
      input.dispose();
    }
  }

  /** Frees the network's tensors; the estimator cannot predict afterwards. */
  override dispose(): void {
    this.network?.dispose();
    this.network = null;
  }

  /** The trained network (throws before fit or load). */
  get classifier(): ResNetClassifier {
    return this.fitted();
  }

  protected async probabilities(x: SeriesInput): Promise<Float32Array[]> {
    const input = seriesTensor(x);
    try {
      return this.fitted().probabilities(input, CLASS_HEAD);
    } finally {
      input.dispose();
    }
  }

  protected fitted(): ResNetClassifier {
    if (!this.network) throw new OptionError(`${this.kind} is not fitted: call fit() or loadModel() first`);
    return this.network;
  }

  /** The network's config in the state, its weights as the model's. */
  protected networkState(): EstimatorState {
    const network = this.fitted();
    return { state: { [NETWORK_KEY]: network.config }, weights: network.snapshot() };
  }

  /** Rebuilds the network from a saved state (its config under 'network', its weights). */
  protected restoreNetwork(state: Record<string, unknown>, weights: readonly SavedWeights[], source: string): void {
    const config = state[NETWORK_KEY] as ResNetClassifierConfig | undefined;
    if (!config || typeof config !== 'object') throw new OptionError(`${source}: the saved ${this.kind} model lacks its network's config`);
    const network = new ResNetClassifier(config);
    network.restore(weights);
    this.dispose();
    this.network = network;
  }
}
