/** DTCR as the registries list it: its command-line options and how they build the estimator. */
import { OptionError } from '../../core/errors.js';
import { optional, parseInteger, parseIntegerList, parseNumber } from '../../core/parse-options.js';
import { checkChoice } from '../base/check-options.js';
import { EPOCHS_OPTION, type ClusteringMethod, type MethodOption } from '../base/method-spec.js';
import { UMAP_OPTION } from '../base/representation-clusterer.js';
import { DTCR, type DtcrArgs } from './dtcr.js';
import { ENCODER_STACKS, FAKE_DRAWS, parsePreset, type RobustnessRun } from './options.js';

/** `--robustness FROM,EPOCHS,KEEP`, e.g. '100,50,reconstruction' (the paper's Section 4.3.3). */
export function parseRobustness(value: unknown): RobustnessRun {
  const [from, epochs, keep, ...rest] = String(value).split(',').map((s) => s.trim());
  if (rest.length > 0 || (keep !== 'reconstruction' && keep !== 'classification')) {
    throw new OptionError(`--robustness must be FROM,EPOCHS,KEEP with KEEP 'reconstruction' or 'classification', got '${String(value)}'`);
  }
  return { fromEpoch: parseInteger('--robustness FROM', from, 1), epochs: parseInteger('--robustness EPOCHS', epochs, 1), keep };
}

const DTCR_OPTIONS: readonly MethodOption[] = [
  { key: 'preset', flags: '--preset <name>', description: "dtcr: settings preset, 'paper' or 'code'", parse: (v) => parsePreset(String(v)) },
  EPOCHS_OPTION,
  { key: 'lambda', flags: '--lambda <l>', description: 'dtcr: weight of the k-means loss (default 0.1)', parse: (v) => parseNumber('--lambda', v) },
  { key: 'units', flags: '--units <a,b,c>', description: 'dtcr: encoder units per layer (default 100,50,50)', parse: (v) => parseIntegerList('--units', v) },
  { key: 'dilations', flags: '--dilations <a,b,c>', description: 'dtcr: dilation per encoder layer (default 1,4,16)', parse: (v) => parseIntegerList('--dilations', v) },
  {
    key: 'encoderStacks',
    flags: '--encoder-stacks <how>',
    description: "dtcr: 'separate', each direction's layer reads its own previous layer (the authors' code), or 'joined', both directions' outputs (default separate)",
    parse: (v) => checkChoice('--encoder-stacks', String(v), ENCODER_STACKS),
  },
  { key: 'gateBias', flags: '--gate-bias <b>', description: "dtcr: initial bias of the GRUs' reset and update gates: 1 as TensorFlow 1 (the authors' code), 0 as Keras (default 1)", parse: (v) => parseNumber('--gate-bias', v) },
  {
    key: 'fakes',
    flags: '--fakes <when>',
    description: "dtcr: draw the fake series 'once' before training (Algorithm 1) or 'every-epoch' (the authors' code) (default every-epoch)",
    parse: (v) => checkChoice('--fakes', String(v), FAKE_DRAWS),
  },
  { key: 'lr', flags: '--lr <rate>', description: 'dtcr: Adam learning rate (default 1e-3)', parse: (v) => parseNumber('--lr', v) },
  { key: 'batchSize', flags: '--batch-size <n>', description: 'dtcr: real series per step, with their fakes (default all)', parse: (v) => parseInteger('--batch-size', v) },
  { key: 'kmeansLoss', flags: '--no-kmeans-loss', description: 'dtcr ablation: train without the k-means loss', parse: (v) => v !== false },
  { key: 'kmeansWarmup', flags: '--kmeans-warmup <epochs>', description: 'dtcr: epochs without the k-means loss before it starts, F then taken from the representations (default 0)', parse: (v) => parseInteger('--kmeans-warmup', v, 0) },
  { key: 'classifier', flags: '--no-classifier', description: 'dtcr ablation: train without fakes and the real/fake classifier', parse: (v) => v !== false },
  {
    key: 'robustness',
    flags: '--robustness <from,epochs,keep>',
    description: "dtcr: the paper's robustness run: from epoch FROM, for EPOCHS epochs, F is shuffled and frozen and only KEEP ('reconstruction' or 'classification') stays beside the k-means loss",
    parse: parseRobustness,
  },
  UMAP_OPTION,
];

export const DTCR_METHOD: ClusteringMethod = {
  name: 'dtcr',
  description: 'DTCR (Ma et al. 2019): a seq2seq representation learnt on TRAIN, k-means on the TEST representations',
  kind: 'DTCR',
  options: DTCR_OPTIONS,
  usesTensors: true,
  inDtcrTable: true,
  dtcrPaperColumn: 'DTCR',
  // Their dilated-RNN autoencoder with reconstruction and DTCR's losses.
  lafabregueColumn: 'dilated_rnn_reconstruction_dtcr',
  learnsFrom: 'train',
  fromConfig: (c) => new DTCR(c as ConstructorParameters<typeof DTCR>[0]),
  create: (v) => {
    const args: DtcrArgs = {
      nClusters: v.nClusters,
      seed: v.seed,
      preset: v['preset'] as DtcrArgs['preset'],
      epochs: v['epochs'] as number | undefined,
      lambda: v['lambda'] as number | undefined,
      learningRate: v['lr'] as number | undefined,
      units: v['units'] as number[] | undefined,
      dilations: v['dilations'] as number[] | undefined,
      encoderStacks: v['encoderStacks'] as DtcrArgs['encoderStacks'],
      gateBias: v['gateBias'] as number | undefined,
      fakes: v['fakes'] as DtcrArgs['fakes'],
      batchSize: optional(v['batchSize'], Number),
      kmeansLoss: v['kmeansLoss'] === false ? false : undefined,
      kmeansWarmup: v['kmeansWarmup'] as number | undefined,
      classifier: v['classifier'] === false ? false : undefined,
      robustness: v['robustness'] as RobustnessRun | undefined,
      umap: v['umap'] === true ? true : undefined,
    };
    return new DTCR(args);
  },
};
