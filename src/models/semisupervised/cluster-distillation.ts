/**
 * Cluster Distillation (Goyo and Ñanculef): a teacher trained on the labelled rows; clusters of its
 * features as pseudo-labels; a student with a class head and a cluster head trained on
 * alpha * CE(labels) + (1 - alpha) * CE(pseudo-labels of the unlabelled rows).
 */
import * as tf from '@tensorflow/tfjs-core';
import { labelMask } from './class-labels.js';
import type { ResNetClassifier } from './resnet-classifier.js';
import { TeacherStudent, type StudentTerms, type TeacherStudentOptions } from './teacher-student.js';
import { pseudoLabels, type HardClustering, type PseudoLabelVariant } from './pseudo-labels.js';

export interface ClusterDistillationOptions extends TeacherStudentOptions {
  /** 'hard' (one-hot cluster memberships) or 'soft' (mixture probabilities). Default 'hard'. */
  variant?: PseudoLabelVariant;
  /** For the hard variant: 'kmeans' (the paper) or 'mixture' (the authors' code). Default 'kmeans'. */
  hardClustering?: HardClustering;
  /** Number of clusters (default 2K, twice the classes). */
  clusters?: number;
}

export const CLUSTER_HEAD = 'clusters';
const KIND = 'ClusterDistillation';

export class ClusterDistillation extends TeacherStudent<ClusterDistillationOptions> {
  constructor(options: ClusterDistillationOptions = {}) {
    super(options);
  }

  static async load(dir: string): Promise<ClusterDistillation> {
    return new ClusterDistillation().readFrom(dir);
  }

  protected kind(): string {
    return KIND;
  }

  protected studentTerms(teacher: ResNetClassifier, input: tf.Tensor3D, labels: Int32Array, classes: number, seed: number): StudentTerms {
    const clusters = this.options.clusters ?? 2 * classes;
    const rows = teacher.features(input);
    const features = { data: new Float32Array(rows.length * teacher.featureSize), rows: rows.length, cols: teacher.featureSize };
    rows.forEach((row, i) => features.data.set(row, i * teacher.featureSize));
    const targets = pseudoLabels(features, {
      clusters,
      variant: this.options.variant ?? 'hard',
      hardClustering: this.options.hardClustering ?? 'kmeans',
      seed,
    });
    return { heads: { [CLUSTER_HEAD]: clusters }, terms: [{ name: 'clusters', head: CLUSTER_HEAD, targets, mask: labelMask(labels, true) }] };
  }
}
