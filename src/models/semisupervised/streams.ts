/**
 * The purposes of the ResNet family's random streams: each is seeded by deriveSeed(seed, purpose)
 * from the estimator's seed alone, so that the teacher's and the student's draws never overlap.
 */
export const enum Stream {
  TeacherWeights = 1,
  TeacherBatches = 2,
  StudentWeights = 3,
  StudentBatches = 4,
  StudentTerms = 5,
}
