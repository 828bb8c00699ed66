/**
 * Tempora's public API: data, the estimators and their registries, metrics and statistics.
 * Experiments (protocols, reproduction, tables) are in 'tempora/experiments', network layers in
 * 'tempora/nn'.
 */
export { Random, deriveSeed } from './core/random.js';
export { TemporaError, OptionError, DataFormatError, DatasetNotFoundError } from './core/errors.js';
export { initBackend, activeBackend } from './backend/index.js';
export type { BackendName, BackendChoice } from './backend/index.js';

export type { LabelledSplit, Dataset, SeriesMatrix } from './data/types.js';
export { parseUcrTsv, parseUcrCsv, parseUcrText } from './data/ucr-delimited.js';
export { parseTsFormat } from './data/ts-format.js';
export { parseArff } from './data/arff.js';
export { parseSplit, readSplit, SPLIT_EXTENSIONS } from './data/read-split.js';
export { dataRoot } from './data/data-root.js';
export { listDatasets, loadDataset, locateDataset } from './data/dataset.js';
export type { LoadDatasetOptions, DatasetFiles } from './data/dataset.js';
export { zNormalize, normalizeSplit } from './data/normalize.js';
export { toSeriesMatrix } from './data/series-matrix.js';
export { summarizeDataset } from './data/summary.js';
export type { DatasetSummary } from './data/summary.js';
export { readLabelFile } from './data/label-file.js';
export { labelledFraction } from './data/labelled-split.js';
export type { LabelledFraction, LabelledFractionOptions } from './data/labelled-split.js';
export { generateSplit, generateDataset } from './data/synthetic/generator.js';
export type { SeriesGenerator, GenerateSplitOptions, GenerateDatasetOptions } from './data/synthetic/generator.js';
export { CYLINDER_BELL_FUNNEL } from './data/synthetic/cylinder-bell-funnel.js';
export { SYNTHETIC_CONTROL } from './data/synthetic/synthetic-control.js';
export { SYNTHETIC_GENERATORS, syntheticGenerator } from './data/synthetic/registry.js';

export type { SeriesInput, SeriesBatch, VectorRows } from './nn/input.js';
export { Estimator, Clusterer, Classifier } from './models/base/estimator.js';
export type { Assignments, ClassifierConfig, ClustererConfig, EstimatorConfig, EstimatorState, FittedShape, SavedModel } from './models/base/estimator.js';
export { RepresentationClusterer } from './models/base/representation-clusterer.js';
export type { EpochLog, FitOptions, ProgressCallback, ProgressEvent } from './models/base/fit-options.js';
export type { ClassificationMethod, ClusteringMethod, MethodOption, MethodValues } from './models/base/method-spec.js';
export { toRowMatrix } from './models/base/matrix.js';
export type { RowMatrix, Float32RowMatrix, MatrixInput } from './models/base/matrix.js';
export { CLUSTERING_METHODS, CLASSIFICATION_METHODS, clusteringMethod, classificationMethod, loadModel } from './models/registry.js';
export { KMeans, KMEANS_DEFAULTS } from './models/classic/kmeans.js';
export type { KMeansOptions, KMeansConfig, KMeansInit } from './models/classic/kmeans.js';
export { GaussianMixture } from './models/classic/gaussian-mixture.js';
export type { GaussianMixtureOptions, GaussianMixtureConfig, CovarianceType } from './models/classic/gaussian-mixture.js';
export { DTCR } from './models/dtcr/dtcr.js';
export type { DtcrArgs, DtcrFitOptions, StepLosses } from './models/dtcr/dtcr.js';
export { DTCR_DEFAULTS, DTCR_PRESETS, DTCR_PRESET_NAMES } from './models/dtcr/options.js';
export type { DtcrOptions, DtcrPresetName, RobustnessRun, RobustnessKeep } from './models/dtcr/options.js';
export { SupResNet, TEACHER_BATCH } from './models/semisupervised/sup-resnet.js';
export type { SupResNetOptions, SupResNetConfig } from './models/semisupervised/sup-resnet.js';
export { TeacherStudent, STUDENT_BATCH } from './models/semisupervised/teacher-student.js';
export type { TeacherStudentOptions, TeacherStudentConfig, TeacherStudentFitOptions, StudentTerms } from './models/semisupervised/teacher-student.js';
export { ClusterDistillation, CLUSTER_HEAD } from './models/semisupervised/cluster-distillation.js';
export type { ClusterDistillationOptions, ClusterDistillationConfig } from './models/semisupervised/cluster-distillation.js';
export { SemiSupDistillation } from './models/semisupervised/semisup-distillation.js';
export type { SemiSupDistillationOptions, SemiSupDistillationConfig } from './models/semisupervised/semisup-distillation.js';
export { pseudoLabels } from './models/semisupervised/pseudo-labels.js';
export type { PseudoLabelOptions, PseudoLabelVariant, HardClustering } from './models/semisupervised/pseudo-labels.js';
export { ResNetEstimator, CLASS_HEAD } from './models/semisupervised/resnet-estimator.js';
export type { NetworkOptions } from './models/semisupervised/resnet-estimator.js';
export { ResNetClassifier } from './models/semisupervised/resnet-classifier.js';
export type { ResNetClassifierConfig, HeadTarget, BatchTarget, TrainOptions } from './models/semisupervised/resnet-classifier.js';
export { PlateauSchedule, PLATEAU_DEFAULTS } from './models/semisupervised/plateau-schedule.js';
export type { PlateauOptions, PlateauState, RateControl } from './models/semisupervised/plateau-schedule.js';

export { contingencyTable } from './evaluation/metrics/contingency.js';
export type { ContingencyTable, Labels, Label } from './evaluation/metrics/contingency.js';
export { randIndex } from './evaluation/metrics/rand-index.js';
export { adjustedRandIndex } from './evaluation/metrics/adjusted-rand-index.js';
export { normalizedMutualInformation } from './evaluation/metrics/normalized-mutual-information.js';
export type { NmiNormaliser } from './evaluation/metrics/normalized-mutual-information.js';
export { clusteringAccuracy } from './evaluation/metrics/clustering-accuracy.js';
export { clusteringScores } from './evaluation/metrics/clustering-scores.js';
export type { ClusteringScores } from './evaluation/metrics/clustering-scores.js';
export { accuracy } from './evaluation/metrics/accuracy.js';
export { macroPrecisionRecallF1 } from './evaluation/metrics/precision-recall-f1.js';
export type { MacroScores } from './evaluation/metrics/precision-recall-f1.js';
export { confusionMatrix } from './evaluation/metrics/confusion-matrix.js';
export { rankAverage, averageRanks } from './evaluation/statistics/ranks.js';
export { wilcoxonSignedRank } from './evaluation/statistics/wilcoxon.js';
export type { WilcoxonResult, ZeroMethod } from './evaluation/statistics/wilcoxon.js';
export { friedmanTest, friedmanFromRanks } from './evaluation/statistics/friedman.js';
export type { FriedmanResult } from './evaluation/statistics/friedman.js';
export { nemenyiTest, nemenyiQ, criticalDifference } from './evaluation/statistics/nemenyi.js';
export type { NemenyiResult } from './evaluation/statistics/nemenyi.js';
export { tsne, tsneLayout } from './evaluation/embedding/tsne.js';
export type { TsneOptions, TsneLayout } from './evaluation/embedding/tsne.js';
