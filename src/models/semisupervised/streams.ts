/**
 * The random streams of the ResNet family, each seeded by deriveSeed(seed, purpose) from the
 * estimator's seed alone, so that the teacher's and the student's draws never overlap.
 */
import { deriveSeed } from '../../core/random.js';

export const enum Stream {
  TeacherWeights = 1,
  TeacherBatches = 2,
  StudentWeights = 3,
  StudentBatches = 4,
  StudentTerms = 5,
}

export function streamSeed(seed: number, stream: Stream): number {
  return deriveSeed(seed, stream);
}
