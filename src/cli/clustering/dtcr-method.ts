/**
 * DTCR as `tempora cluster --method dtcr`: train on TRAIN, embed TEST, k-means (nInit 10) on the
 * TEST representations (the paper's protocol). Progress on stderr; Ctrl-C stops training after the
 * current step and scores what was learned (a second Ctrl-C exits at once).
 */
import { dtcrOnTest } from '../../experiments/clustering-protocol.js';
import { OptionError } from '../../core/errors.js';
import { ENCODER_STACKS, FAKE_DRAWS, parsePreset, resolveOptions, type DtcrOptions, type RobustnessRun } from '../../models/dtcr/options.js';
import { startBackend } from '../backend-option.js';
import { checkChoice } from '../../models/base/check-options.js';
import { optional, parseInteger, parseIntegerList, parseNumber } from '../parse-options.js';
import { Progress } from '../progress.js';
import type { ClusterMethod } from './method.js';

/** DTCR options from the command line (undefined where not given: the model's defaults apply). */
export function dtcrOptionsFrom(options: Record<string, unknown>, k: number, seed: number): Partial<DtcrOptions> & { clusters: number } {
  return {
    clusters: k,
    seed,
    epochs: optional(options['epochs'], (v) => parseInteger('--epochs', v)),
    lambda: optional(options['lambda'], (v) => parseNumber('--lambda', v)),
    learningRate: optional(options['lr'], (v) => parseNumber('--lr', v)),
    units: optional(options['units'], (v) => parseIntegerList('--units', v)),
    dilations: optional(options['dilations'], (v) => parseIntegerList('--dilations', v)),
    encoderStacks: optional(options['encoderStacks'], (v) => checkChoice('--encoder-stacks', String(v), ENCODER_STACKS)),
    gateBias: optional(options['gateBias'], (v) => parseNumber('--gate-bias', v)),
    fakes: optional(options['fakes'], (v) => checkChoice('--fakes', String(v), FAKE_DRAWS)),
    batchSize: optional(options['batchSize'], (v) => parseInteger('--batch-size', v)),
    kmeansLoss: options['kmeansLoss'] === false ? false : undefined,
    kmeansWarmup: optional(options['kmeansWarmup'], (v) => parseInteger('--kmeans-warmup', v, 0)),
    classifier: options['classifier'] === false ? false : undefined,
    robustness: optional(options['robustness'], parseRobustness),
  } as Partial<DtcrOptions> & { clusters: number };
}

/** `--robustness FROM,EPOCHS,KEEP`, e.g. '100,50,reconstruction' (the paper's Section 4.3.3). */
export function parseRobustness(value: unknown): RobustnessRun {
  const [from, epochs, keep, ...rest] = String(value).split(',').map((s) => s.trim());
  if (rest.length > 0 || (keep !== 'reconstruction' && keep !== 'classification')) {
    throw new OptionError(`--robustness must be FROM,EPOCHS,KEEP with KEEP 'reconstruction' or 'classification', got '${String(value)}'`);
  }
  return { fromEpoch: parseInteger('--robustness FROM', from, 1), epochs: parseInteger('--robustness EPOCHS', epochs, 1), keep };
}

/** Stops training on the first SIGINT, exits on the second; returns the handler remover. */
function stopOnInterrupt(controller: AbortController): () => void {
  const handler = (): void => {
    if (controller.signal.aborted) process.exit(130);
    process.stderr.write('\ntempora: stopping after this step (Ctrl-C again to quit now)\n');
    controller.abort();
  };
  process.on('SIGINT', handler);
  return () => process.off('SIGINT', handler);
}

export const DTCR_METHOD: ClusterMethod = {
  name: 'dtcr',
  description: 'DTCR (Ma et al. 2019): train on TRAIN, k-means on the TEST representations',
  options: [
    { flags: '--preset <name>', description: "DTCR settings preset: 'paper' or 'code' (dtcr)" },
    { flags: '--epochs <n>', description: 'DTCR training epochs (dtcr; default 300)' },
    { flags: '--lambda <l>', description: 'weight of the k-means loss (dtcr; default 0.1)' },
    { flags: '--units <a,b,c>', description: 'encoder units per layer (dtcr; default 100,50,50)' },
    { flags: '--dilations <a,b,c>', description: 'dilation per encoder layer (dtcr; default 1,4,16)' },
    {
      flags: '--encoder-stacks <how>',
      description: "'separate': each direction's layer reads its own previous layer (the authors' code); 'joined': both directions' outputs (dtcr; default separate)",
    },
    { flags: '--gate-bias <b>', description: "initial bias of the GRUs' reset and update gates: 1 as TensorFlow 1 (the authors' code), 0 as Keras (dtcr; default 1)" },
    { flags: '--fakes <when>', description: "draw the fake series 'once' before training (Algorithm 1) or 'every-epoch' (the authors' code) (dtcr; default every-epoch)" },
    { flags: '--lr <rate>', description: 'Adam learning rate (dtcr; default 1e-3)' },
    { flags: '--batch-size <n>', description: 'real series per step, with their fakes (dtcr; default all)' },
    { flags: '--no-kmeans-loss', description: 'ablation: train without the k-means loss (dtcr)' },
    { flags: '--kmeans-warmup <epochs>', description: 'epochs without the k-means loss before it starts, F then taken from the representations (dtcr; default 0)' },
    { flags: '--no-classifier', description: 'ablation: train without fakes and the real/fake classifier (dtcr)' },
    {
      flags: '--robustness <from,epochs,keep>',
      description: "the paper's robustness run: from epoch FROM, for EPOCHS epochs, F is shuffled and frozen and only KEEP ('reconstruction' or 'classification') stays beside the k-means loss (dtcr)",
    },
    { flags: '--save <dir>', description: 'save the trained DTCR model to this folder (dtcr)' },
    { flags: '--checkpoint <dir>', description: 'write resumable checkpoints here every 10 epochs and resume from them (dtcr)' },
    { flags: '--eval-every <n>', description: 'diagnostics: RI/NMI on TEST every n epochs, shown only, never used (dtcr)' },
    { flags: '--backend <name>', description: 'tensor backend: auto, wasm or cpu (dtcr)' },
  ],
  async run({ dataset, k, seed, options, quiet }) {
    await startBackend(options['backend'] as string | undefined);
    const model = dtcrOptionsFrom(options, k, seed);
    const preset = options['preset'] === undefined ? undefined : parsePreset(String(options['preset']));
    const progress = new Progress({ label: 'DTCR epoch', total: resolveOptions(model, preset).epochs, quiet });
    const controller = new AbortController();
    const removeHandler = stopOnInterrupt(controller);
    try {
      return await dtcrOnTest(dataset, {
        k,
        seed,
        model,
        ...(preset !== undefined ? { preset } : {}),
        ...(options['save'] !== undefined ? { saveDir: String(options['save']) } : {}),
        evaluateEvery: optional(options['evalEvery'], (v) => parseInteger('--eval-every', v)),
        fit: {
          signal: controller.signal,
          ...(options['checkpoint'] !== undefined ? { checkpoint: { dir: String(options['checkpoint']) } } : {}),
          onEpoch: (log) => {
            const l = log.losses;
            const shown = `rec ${l['reconstruction']!.toFixed(4)} cls ${l['classification']!.toFixed(4)} km ${l['kmeans']!.toFixed(4)} total ${l['total']!.toFixed(4)}`;
            const metrics = log.metrics ? ` | test RI ${log.metrics['ri']!.toFixed(4)} NMI ${log.metrics['nmi']!.toFixed(4)}` : '';
            progress.update(log.epoch, shown + metrics);
          },
        },
      });
    } finally {
      removeHandler();
      progress.stop();
    }
  },
};
