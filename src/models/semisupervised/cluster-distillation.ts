/**
 * Cluster Distillation (Goyo and Ñanculef): a teacher trained on the labelled rows; clusters of its
 * features as pseudo-labels; a student with a class head and a cluster head trained on
 * alpha * CE(labels) + (1 - alpha) * CE(pseudo-labels of the unlabelled rows).
 */
import * as tf from '@tensorflow/tfjs-core';
import { checkChoice, checkInteger } from '../base/check-options.js';
import type { ClassificationMethod } from '../base/method-spec.js';
import { NETWORK_OPTIONS } from './resnet-estimator.js';
import { labelMask } from './class-labels.js';
import type { ResNetClassifier } from './resnet-classifier.js';
import { TeacherStudent, teacherStudentConfig, teacherStudentFrom, type StudentTerms, type TeacherStudentConfig, type TeacherStudentOptions } from './teacher-student.js';
import { pseudoLabels, type HardClustering, type PseudoLabelVariant } from './pseudo-labels.js';

export interface ClusterDistillationOptions extends TeacherStudentOptions {
  /** 'hard' (one-hot cluster memberships) or 'soft' (mixture probabilities). Default 'hard'. */
  variant?: PseudoLabelVariant;
  /** For the hard variant: 'kmeans' (the paper) or 'mixture' (the authors' code). Default 'kmeans'. */
  hardClustering?: HardClustering;
  /** Number of clusters (default 2K, twice the classes). */
  nClusters?: number;
}

export type ClusterDistillationConfig = TeacherStudentConfig & { variant: PseudoLabelVariant; hardClustering: HardClustering; nClusters?: number };

export const CLUSTER_HEAD = 'clusters';

export class ClusterDistillation extends TeacherStudent<ClusterDistillationConfig> {
  readonly kind = 'ClusterDistillation';

  constructor(options: ClusterDistillationOptions = {}) {
    super({
      ...teacherStudentConfig(options),
      variant: checkChoice<PseudoLabelVariant>('variant', options.variant ?? 'hard', ['hard', 'soft']),
      hardClustering: checkChoice<HardClustering>('hardClustering', options.hardClustering ?? 'kmeans', ['kmeans', 'mixture']),
      ...(options.nClusters !== undefined ? { nClusters: checkInteger('nClusters', options.nClusters, 2) } : {}),
    });
  }

  protected async studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number, seed: number): Promise<StudentTerms> {
    const clusters = this.config.nClusters ?? 2 * classes;
    const rows = teacher.features(input);
    const features = { data: new Float32Array(rows.length * teacher.featureSize), rows: rows.length, cols: teacher.featureSize };
    rows.forEach((row, i) => features.data.set(row, i * teacher.featureSize));
    const targets = await pseudoLabels(features, { nClusters: clusters, variant: this.config.variant, hardClustering: this.config.hardClustering, seed });
    return { heads: { [CLUSTER_HEAD]: clusters }, terms: [{ name: 'clusters', head: CLUSTER_HEAD, targets, mask: labelMask(labels, true) }] };
  }
}

export const CD_HARD_METHOD: ClassificationMethod = {
  name: 'cd-hard',
  description: "Cluster Distillation, hard pseudo-labels: clusters of the teacher's features as a second head of the student",
  kind: 'ClusterDistillation',
  options: [
    ...NETWORK_OPTIONS,
    {
      key: 'hardClustering',
      flags: '--hard-clustering <how>',
      description: "cd-hard: pseudo-labels from 'kmeans' (the paper) or a 'mixture' argmax (the authors' code) (default kmeans)",
      parse: (v) => checkChoice<HardClustering>('--hard-clustering', String(v), ['kmeans', 'mixture']),
    },
  ],
  usesTensors: true,
  cdPaperName: 'CD-hard',
  hasTeacher: true,
  networks: 2,
  fromConfig: (c) => new ClusterDistillation(c as ConstructorParameters<typeof ClusterDistillation>[0]),
  create: (v) => new ClusterDistillation({ ...teacherStudentFrom(v), variant: 'hard', ...(v['hardClustering'] !== undefined ? { hardClustering: v['hardClustering'] as HardClustering } : {}) }),
};

export const CD_SOFT_METHOD: ClassificationMethod = {
  name: 'cd-soft',
  description: "Cluster Distillation, soft pseudo-labels: a Gaussian mixture's probabilities on the teacher's features",
  kind: 'ClusterDistillation',
  options: NETWORK_OPTIONS,
  usesTensors: true,
  cdPaperName: 'CD-soft',
  hasTeacher: true,
  networks: 2,
  fromConfig: (c) => new ClusterDistillation(c as ConstructorParameters<typeof ClusterDistillation>[0]),
  create: (v) => new ClusterDistillation({ ...teacherStudentFrom(v), variant: 'soft' }),
};
