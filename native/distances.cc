// k-means' inner loop in float64: squared Euclidean distances between rows and centres as
// ||x||^2 - 2 x.c + ||c||^2 (src/models/squared-distances.ts computes the same in JavaScript
// without the addon), each row's dot products in vectorised loops, rows shared between threads.
#include "kernels.h"

namespace tempora {

// squaredDistances(x, d, rowIndex|null, start, end, xNorms, centres, k, centreNorms, out): for rows
// start..end-1 of x (or of rowIndex, the rows to use), out[(i - start) k + j] = max(0, ||x_r||^2 -
// 2 x_r.c_j + ||c_j||^2), r the i-th row.
Napi::Value SquaredDistances(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *xNorms = F64(info[5]), *centres = F64(info[6]), *centreNorms = F64(info[8]);
  int64_t d = I(info[1]), start = I(info[3]), end = I(info[4]);
  const int32_t *rowIndex = info[2].IsNull() ? nullptr : info[2].As<Napi::Int32Array>().Data();
  int k = I(info[7]);
  double *out = F64(info[9]);
  parallelRanges(end - start, (size_t)(end - start) * k * d, [&](int64_t begin, int64_t stop) {
    for (int64_t i = start + begin; i < start + stop; i++) {
      int64_t r = rowIndex ? rowIndex[i] : i;
      const double *row = x + r * d;
      auto write = [&](int j, double dot) {
        double v = xNorms[r] - 2 * dot + centreNorms[j];
        out[(i - start) * k + j] = v > 0 ? v : 0;
      };
      // Four centres per pass: four independent sums keep the multiply-adds in flight.
      int j = 0;
      for (; j + 3 < k; j += 4) {
        const double *c = centres + (int64_t)j * d;
        double s0 = 0.0, s1 = 0.0, s2 = 0.0, s3 = 0.0;
#pragma omp simd reduction(+ : s0, s1, s2, s3)
        for (int64_t t = 0; t < d; t++) {
          s0 += row[t] * c[t];
          s1 += row[t] * c[d + t];
          s2 += row[t] * c[2 * d + t];
          s3 += row[t] * c[3 * d + t];
        }
        write(j, s0);
        write(j + 1, s1);
        write(j + 2, s2);
        write(j + 3, s3);
      }
      for (; j < k; j++) {
        const double *c = centres + (int64_t)j * d;
        double dot = 0.0;
#pragma omp simd reduction(+ : dot)
        for (int64_t t = 0; t < d; t++) dot += row[t] * c[t];
        write(j, dot);
      }
    }
  });
  return info.Env().Undefined();
}

}  // namespace tempora
