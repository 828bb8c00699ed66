/**
 * The one estimator contract of every Tempora method, after aeon's BaseClusterer and
 * scikit-learn: options resolved and checked when the estimator is built (`getConfig()` returns
 * them, serialisable), `fit` / `predict` / `fitPredict` fixed here with the checks in one place,
 * each method filling in `fitModel` / `predictModel`, one progress callback and one AbortSignal
 * (FitOptions), one save layout and one loader (models/registry.ts).
 *
 * The API is asynchronous: deep methods must yield to the event loop between steps so that progress,
 * stop signals and Ctrl-C work, and one Promise-returning shape lets callers treat every method alike.
 */
import { DataFormatError, OptionError } from '../../core/errors.js';
import { readModelFiles, writeModelFiles, type SavedWeights } from '../../core/model-files.js';
import { inputShape, type SeriesInput } from '../../nn/input.js';
import type { FitOptions } from './fit-options.js';

/** What a fitted estimator saves besides its config: JSON state and float32 weights. */
export interface EstimatorState {
  readonly state: Record<string, unknown>;
  readonly weights: readonly SavedWeights[];
}

/** A saved estimator: the content of its model.json and weights.bin. */
export interface SavedModel {
  readonly kind: string;
  readonly config: object;
  readonly state: Record<string, unknown>;
  readonly weights: SavedWeights[];
}

/**
 * One estimator saved inside another's state: its model.json fields under `key`, its weights
 * renamed `key/NAME`, so an owner keeps the one layout.
 */
export async function nestModel(model: Estimator<EstimatorConfig>, key: string): Promise<EstimatorState> {
  const { weights, ...entry } = await model.toSaved();
  return { state: { [key]: entry }, weights: weights.map((w) => ({ ...w, name: `${key}/${w.name}` })) };
}

/** The nested model saved under `key` (see nestModel): its saved fields and its own weights. */
export function unnestModel(saved: EstimatorState, key: string, source: string): SavedModel {
  const entry = saved.state[key] as Omit<SavedModel, 'weights'> | undefined;
  if (!entry || typeof entry !== 'object' || typeof entry.kind !== 'string') throw new OptionError(`${source}: the saved model lacks its nested "${key}" model`);
  const prefix = `${key}/`;
  const weights = saved.weights.filter((w) => w.name.startsWith(prefix)).map((w) => ({ ...w, name: w.name.slice(prefix.length) }));
  return { ...entry, weights };
}

/** The shape of the series an estimator was fitted on; new data must match it. */
export interface FittedShape {
  readonly length: number;
  readonly channels: number;
}

/** Options every estimator has. */
export interface EstimatorConfig {
  /** Seed of every random choice (an integer >= 0). Same seed, same data: same result. */
  readonly seed: number;
}

/** Options every clustering method has. */
export interface ClustererConfig extends EstimatorConfig {
  /** Number of clusters K. */
  readonly nClusters: number;
}

export abstract class Estimator<Config extends EstimatorConfig> {
  /** The kind saved models carry, mapped back to the class by loadModel. */
  abstract readonly kind: string;
  protected readonly config: Config;
  private shape: FittedShape | null = null;

  /** `config` must be resolved and checked by the subclass before it calls this. */
  protected constructor(config: Config) {
    this.config = deepFreeze(structuredClone(config));
  }

  /** The resolved options, as plain data (a copy). */
  getConfig(): Config {
    return structuredClone(this.config) as Config;
  }

  /** Whether the estimator is fitted (by fit or loadModel). */
  get isFitted(): boolean {
    return this.shape !== null;
  }

  /** Length and channels of the series it was fitted on (throws before fit). */
  get fittedShape(): FittedShape {
    if (this.shape === null) throw new OptionError(`${this.kind} is not fitted yet: call fit() or loadModel() first`);
    return this.shape;
  }

  /** Writes DIR/model.json (kind, config, state) and DIR/weights.bin when there are weights, atomically. */
  async save(dir: string): Promise<void> {
    writeModelFiles(dir, await this.toSaved());
  }

  /**
   * A saved model of this class (`KMeans.load(dir)`); loadModel (models/registry.ts) loads any kind.
   * Throws a DataFormatError when the folder holds another kind of model.
   */
  static async load<T extends Estimator<EstimatorConfig>>(this: new (config: never) => T, dir: string): Promise<T> {
    const file = readModelFiles<object, Record<string, unknown>>(dir);
    let model: T;
    try {
      model = new this(file.config as never);
    } catch (err) {
      throw new DataFormatError(`holds a "${file.kind}" model, which ${this.name} cannot read (${(err as Error).message})`, dir);
    }
    if (model.kind !== file.kind) throw new DataFormatError(`holds a "${file.kind}" model, not "${model.kind}"`, dir);
    await model.restore(file, dir);
    return model;
  }

  /** What save writes, in memory (nested models travel inside their owner's state this way). */
  async toSaved(): Promise<SavedModel> {
    const shape = this.fittedShape;
    const { state, weights } = await this.saveState();
    return { kind: this.kind, config: this.getConfig(), state: { fittedShape: shape, ...state }, weights: [...weights] };
  }

  /**
   * Restores what save wrote, on an estimator built from the saved config (loadModel calls this).
   * `source` names the folder for error messages.
   */
  async restore(saved: EstimatorState, source: string): Promise<void> {
    const shape = saved.state['fittedShape'] as FittedShape | undefined;
    if (!shape || !Number.isInteger(shape.length) || !Number.isInteger(shape.channels)) {
      throw new OptionError(`${source}: the saved ${this.kind} model lacks the shape of its training series`);
    }
    await this.restoreState(saved, source);
    this.shape = { length: shape.length, channels: shape.channels };
  }

  /** What the last fit reports (inertia, iterations, epochs trained...), for settings tables. */
  fitSummary(): Record<string, number | boolean> {
    return {};
  }

  /** Frees tensors a deep method holds; the estimator must be fitted or loaded again. */
  dispose(): void {}

  /** The fitted state to save (only called on a fitted estimator). */
  protected abstract saveState(): EstimatorState | Promise<EstimatorState>;
  protected abstract restoreState(saved: EstimatorState, source: string): void | Promise<void>;

  /** Records the shape of the series being fitted; subclasses' fit calls this first. */
  protected beginFit(x: SeriesInput): void {
    const { rows, length, channels } = inputShape(x);
    if (rows === 0) throw new OptionError(`${this.kind}: no series given to fit`);
    this.shape = null;
    this.pendingShape = { length, channels };
  }

  /** Marks the fit done (the shape recorded by beginFit becomes the fitted one). */
  protected endFit(): void {
    this.shape = this.pendingShape;
  }

  /** Marks the estimator fitted on series of this shape (for fits that bypass fit(), as a teacher's). */
  protected markFitted(shape: FittedShape): void {
    this.shape = { length: shape.length, channels: shape.channels };
  }

  /** New data must have the fitted length and channels (a clear error names both). */
  protected checkInput(x: SeriesInput): void {
    // While fitting, the series being fitted set the shape (a method may embed them mid-training).
    const fitted = this.shape ?? this.pendingShape ?? this.fittedShape;
    const { rows, length, channels } = inputShape(x);
    if (rows === 0) throw new OptionError(`${this.kind}: no series given`);
    if (channels !== fitted.channels) throw new OptionError(`the ${this.kind} model was fitted on series with ${fitted.channels} channel(s), got ${channels}`);
    if (length !== fitted.length) throw new OptionError(`the ${this.kind} model was fitted on series of length ${fitted.length}, got length ${length}`);
  }

  private pendingShape: FittedShape | null = null;
}

/** A clustering method: K clusters from unlabelled series. */
export abstract class Clusterer<Config extends ClustererConfig = ClustererConfig> extends Estimator<Config> {
  /** Learns the clusters of x. */
  async fit(x: SeriesInput, options: FitOptions = {}): Promise<this> {
    this.beginFit(x);
    const { rows } = inputShape(x);
    if (this.config.nClusters > rows) throw new OptionError(`nClusters (${this.config.nClusters}) must not exceed the number of series (${rows})`);
    await this.fitModel(x, options);
    this.endFit();
    return this;
  }

  /** Cluster index 0..K-1 of every series. */
  async predict(x: SeriesInput): Promise<Int32Array> {
    this.checkInput(x);
    return (await this.assign(x)).clusters;
  }

  async fitPredict(x: SeriesInput, options: FitOptions = {}): Promise<Int32Array> {
    await this.fit(x, options);
    return this.predict(x);
  }

  /**
   * Cluster of every series with, where the method has one, the distance to its cluster's centre
   * or the probability of its cluster (what `tempora predict` writes beside each row).
   */
  async assignments(x: SeriesInput): Promise<Assignments> {
    this.checkInput(x);
    return this.assign(x);
  }

  protected abstract fitModel(x: SeriesInput, options: FitOptions): Promise<void>;
  protected abstract assign(x: SeriesInput): Promise<Assignments>;
}

/** Clusters with what the method knows of each assignment. */
export interface Assignments {
  readonly clusters: Int32Array;
  /** 'distance' to the centre, 'probability' of the cluster, or absent. */
  readonly score?: { readonly name: 'distance' | 'probability'; readonly values: Float64Array };
}

/** Options every classifier has. */
export interface ClassifierConfig extends EstimatorConfig {
  /** Number of classes (default: the largest label + 1). */
  readonly classes?: number;
}

/** A (semi-)supervised classifier: labels 0..K-1, with -1 or null for unlabelled rows. */
export abstract class Classifier<Config extends ClassifierConfig = ClassifierConfig> extends Estimator<Config> {
  async fit(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions = {}): Promise<this> {
    this.beginFit(x);
    await this.fitModel(x, y, options);
    this.endFit();
    return this;
  }

  /** Class index of every series. */
  async predict(x: SeriesInput): Promise<Int32Array> {
    const probabilities = await this.predictProba(x);
    return Int32Array.from(probabilities, (row) => {
      let best = 0;
      for (let j = 1; j < row.length; j++) if (row[j]! > row[best]!) best = j;
      return best;
    });
  }

  /** Class probabilities, one row of K per series. */
  async predictProba(x: SeriesInput): Promise<Float32Array[]> {
    this.checkInput(x);
    return this.probabilities(x);
  }

  async fitPredict(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions = {}): Promise<Int32Array> {
    await this.fit(x, y, options);
    return this.predict(x);
  }

  protected abstract fitModel(x: SeriesInput, y: ArrayLike<number | null>, options: FitOptions): Promise<void>;
  protected abstract probabilities(x: SeriesInput): Promise<Float32Array[]>;
}

function deepFreeze<T>(value: T): T {
  if (value !== null && typeof value === 'object') {
    for (const v of Object.values(value)) deepFreeze(v);
    Object.freeze(value);
  }
  return value;
}
