/**
 * Random label vectors (numpy seed 42) with the scores scikit-learn 1.2.1 gives them, computed once;
 * `acc` is the Hungarian-matched accuracy from scipy's linear_sum_assignment.
 */
export const SKLEARN_CASES = [
  {
    truth: [2, 0, 2, 2, 0, 0, 2, 1, 2, 2, 2, 2, 0, 2, 1, 0, 1, 1, 1, 1],
    pred: [0, 0, 1, 1, 0, 0, 0, 2, 2, 2, 1, 2, 1, 1, 2, 1, 2, 2, 0, 2],
    ri: 0.6263157894736842, ari: 0.1315823355220806, nmiGeometric: 0.285816053168204, nmiArithmetic: 0.28580143382349327,
    acc: 0.6, accuracy: 0.3, precision: 0.2916666666666667, recall: 0.3111111111111111, f1: 0.29946524064171126,
  },
  {
    truth: [0, 2, 2, 0, 0, 2, 1, 3, 0, 3, 1, 1, 1, 0, 1, 0, 1, 3, 3, 2, 3, 2, 3, 0, 3, 2, 2, 1, 0, 3],
    pred: [1, 1, 1, 1, 1, 1, 1, 1, 1, 1, 0, 0, 1, 1, 1, 1, 1, 1, 1, 1, 0, 1, 0, 1, 1, 0, 1, 0, 1, 1],
    ri: 0.41839080459770117, ari: 0.01893402508490894, nmiGeometric: 0.11464181149690005, nmiArithmetic: 0.10125627411613228,
    acc: 0.36666666666666664, accuracy: 0.13333333333333333, precision: 0.041666666666666664, recall: 0.14285714285714285, f1: 0.06451612903225806,
  },
  {
    truth: [0, 1, 0, 1, 0, 0, 1, 1, 0, 1, 1, 1, 0, 0, 0, 0, 0, 0, 0, 0, 0, 1, 0, 1, 1],
    pred: [2, 2, 0, 2, 2, 0, 2, 4, 1, 1, 0, 3, 0, 3, 1, 0, 4, 2, 3, 2, 2, 0, 2, 4, 2],
    ri: 0.4766666666666667, ari: -0.04666666666666667, nmiGeometric: 0.021998956657905182, nmiArithmetic: 0.02041503310902539,
    acc: 0.32, accuracy: 0.2, precision: 0.2, recall: 0.07333333333333333, f1: 0.10695970695970694,
  },
] as const;

export function assertClose(actual: number, expected: number, what: string, tolerance = 1e-12): void {
  if (!(Math.abs(actual - expected) <= tolerance)) throw new Error(`${what}: got ${actual}, expected ${expected}`);
}
