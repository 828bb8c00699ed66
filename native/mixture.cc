// The Gaussian mixture's E and M steps in float64 (src/models/gaussian-components.ts computes the
// same in JavaScript without the addon): weighted log densities, means, diagonal and full
// covariances, and the precision Cholesky factors. The full-covariance work goes to BLAS
// triangular routines (dtrmm, dsyrk: half the multiply-adds of the dense products scikit-learn
// runs) on row blocks; the diagonal work is a vectorised loop over each row.
//
// Matrices are row-major: x [n, d], responsibilities [n, k], means [k, d], diagonal precisions or
// variances [k, d], full covariances and precision factors [k, d, d].
#include "kernels.h"

#include <cblas.h>

extern "C" {
// LAPACK in OpenBLAS (column-major).
void dpotrf_(const char *uplo, const int *n, double *a, const int *lda, int *info);
void dtrtri_(const char *uplo, const char *diag, const int *n, double *a, const int *lda, int *info);
}

namespace tempora {
namespace {

// Rows per block of the full-covariance products: a few MB of scratch per thread at d = 400.
constexpr int64_t BLOCK_ROWS = 1024;

// Runs body(component, firstRow, endRow, scratch) for every component and block of rows, shared
// between OpenMP's threads; each thread has its own scratch of BLOCK_ROWS x d doubles. Each
// (component, block) writes its own outputs, so results do not depend on the thread count.
template <typename Body>
void componentBlocks(int k, int64_t n, int64_t d, Body body) {
  int64_t blocks = (n + BLOCK_ROWS - 1) / BLOCK_ROWS, tasks = blocks * k;
#pragma omp parallel num_threads((int)std::min<int64_t>(omp_get_max_threads(), std::max<int64_t>(tasks, 1)))
  {
    std::vector<double> buffer((size_t)std::min(n, BLOCK_ROWS) * d);
#pragma omp for schedule(dynamic)
    for (int64_t t = 0; t < tasks; t++) {
      int64_t begin = (t % blocks) * BLOCK_ROWS;
      body((int)(t / blocks), begin, std::min(n, begin + BLOCK_ROWS), buffer.data());
    }
  }
}

}  // namespace

// mixtureDiagLogDensities(x, n, d, means, precisions, k, out): out[i,j] = -1/2 sum_t ((x[i,t] -
// means[j,t]) precisions[j,t])^2, precisions being 1 / standard deviation.
Napi::Value MixtureDiagLogDensities(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *means = F64(info[3]), *prec = F64(info[4]);
  int64_t n = I(info[1]), d = I(info[2]);
  int k = I(info[5]);
  double *out = F64(info[6]);
  parallelRanges(n, (size_t)n * d * k, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) {
      const double *row = x + i * d;
      // Four components per pass: four independent sums keep the multiply-adds in flight.
      int j = 0;
      for (; j + 3 < k; j += 4) {
        const double *m = means + j * d, *p = prec + j * d;
        double q0 = 0.0, q1 = 0.0, q2 = 0.0, q3 = 0.0;
#pragma omp simd reduction(+ : q0, q1, q2, q3)
        for (int64_t t = 0; t < d; t++) {
          double y0 = (row[t] - m[t]) * p[t], y1 = (row[t] - m[d + t]) * p[d + t];
          double y2 = (row[t] - m[2 * d + t]) * p[2 * d + t], y3 = (row[t] - m[3 * d + t]) * p[3 * d + t];
          q0 += y0 * y0;
          q1 += y1 * y1;
          q2 += y2 * y2;
          q3 += y3 * y3;
        }
        double *o = out + i * k + j;
        o[0] = -0.5 * q0;
        o[1] = -0.5 * q1;
        o[2] = -0.5 * q2;
        o[3] = -0.5 * q3;
      }
      for (; j < k; j++) {
        const double *m = means + j * d, *p = prec + j * d;
        double q = 0.0;
#pragma omp simd reduction(+ : q)
        for (int64_t t = 0; t < d; t++) {
          double y = (row[t] - m[t]) * p[t];
          q += y * y;
        }
        out[i * k + j] = -0.5 * q;
      }
    }
  });
  return info.Env().Undefined();
}

// mixtureFullLogDensities(x, n, d, means, precisionCholesky, k, out): out[i,j] = -1/2 ||L_j^-1
// (x_i - mean_j)||^2, with precisionCholesky holding each lower-triangular L_j^-1.
Napi::Value MixtureFullLogDensities(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *means = F64(info[3]), *prec = F64(info[4]);
  int64_t n = I(info[1]), d = I(info[2]);
  int k = I(info[5]);
  double *out = F64(info[6]);
  componentBlocks(k, n, d, [&](int j, int64_t begin, int64_t end, double *y) {
    const double *m = means + j * d;
    int64_t rows = end - begin;
    for (int64_t r = 0; r < rows; r++)
      for (int64_t t = 0; t < d; t++) y[r * d + t] = x[(begin + r) * d + t] - m[t];
    // Each row becomes (L^-1 (x - mean))^T = (x - mean)^T L^-T.
    cblas_dtrmm(CblasRowMajor, CblasRight, CblasLower, CblasTrans, CblasNonUnit, (int)rows, (int)d, 1.0,
                prec + (size_t)j * d * d, (int)d, y, (int)d);
    for (int64_t r = 0; r < rows; r++) {
      const double *yr = y + r * d;
      double q = 0.0;
#pragma omp simd reduction(+ : q)
      for (int64_t t = 0; t < d; t++) q += yr[t] * yr[t];
      out[(begin + r) * k + j] = -0.5 * q;
    }
  });
  return info.Env().Undefined();
}

// mixtureMoments(x, n, d, resp, k, nk, means, variances|null, regCovar): means[j,t] = S1 / nk[j]
// and, when variances is given, variances[j,t] = sum_i resp[i,j] (x[i,t] - means[j,t])^2 / nk[j] +
// regCovar, expanded as (S2 - 2 means S1 + means^2 R) / nk[j] so that one pass over x gives both
// (S1 = sum_i resp[i,j] x[i,t], S2 = the same of x^2, R = sum_i resp[i,j]; nk[j] is R with the
// mixture's small floor). One thread: the pass is bound by memory, and a second thread only
// doubles the processor time.
Napi::Value MixtureMoments(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *resp = F64(info[3]), *nk = F64(info[5]);
  int64_t n = I(info[1]), d = I(info[2]);
  int k = I(info[4]);
  double *means = F64(info[6]);
  double *variances = info[7].IsNull() ? nullptr : F64(info[7]);
  double reg = info[8].As<Napi::Number>().DoubleValue();
  std::vector<double> s2(variances ? (size_t)k * d : 0, 0.0), total(k, 0.0);
  std::fill(means, means + k * d, 0.0);
  for (int64_t i = 0; i < n; i++) {
    const double *__restrict row = x + i * d;
    for (int j = 0; j < k; j++) {
      double r = resp[i * k + j];
      if (r == 0.0) continue;
      total[j] += r;
      double *__restrict m = means + j * d;
      if (variances == nullptr) {
#pragma omp simd
        for (int64_t t = 0; t < d; t++) m[t] += r * row[t];
      } else {
        double *__restrict q = s2.data() + j * d;
#pragma omp simd
        for (int64_t t = 0; t < d; t++) {
          double rx = r * row[t];
          m[t] += rx;
          q[t] += rx * row[t];
        }
      }
    }
  }
  for (int j = 0; j < k; j++) {
    for (int64_t t = 0; t < d; t++) {
      double s1 = means[j * d + t], mean = s1 / nk[j];
      means[j * d + t] = mean;
      if (variances) variances[j * d + t] = (s2[j * d + t] - 2 * mean * s1 + mean * mean * total[j]) / nk[j] + reg;
    }
  }
  return info.Env().Undefined();
}

// mixtureFullCovariances(x, n, d, resp, k, means, nk, regCovar, out): out[j] = sum_i resp[i,j]
// (x_i - mean_j)(x_i - mean_j)^T / nk[j] + regCovar I. Rows with resp 0 are skipped; the others,
// scaled by sqrt(resp), go through dsyrk a block at a time. Components are shared between threads.
Napi::Value MixtureFullCovariances(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *resp = F64(info[3]), *means = F64(info[5]), *nk = F64(info[6]);
  int64_t n = I(info[1]), d = I(info[2]);
  int k = I(info[4]);
  double reg = info[7].As<Napi::Number>().DoubleValue();
  double *out = F64(info[8]);
#pragma omp parallel for schedule(dynamic) num_threads(std::min(omp_get_max_threads(), std::max(k, 1)))
  for (int j = 0; j < k; j++) {
    std::vector<double> w((size_t)std::min(n, BLOCK_ROWS) * d);
    const double *m = means + j * d;
    double *c = out + (size_t)j * d * d;
    std::fill(c, c + d * d, 0.0);
    int64_t filled = 0;
    auto flush = [&] {
      cblas_dsyrk(CblasRowMajor, CblasLower, CblasTrans, (int)d, (int)filled, 1.0, w.data(), (int)d, 1.0, c, (int)d);
      filled = 0;
    };
    for (int64_t i = 0; i < n; i++) {
      double r = resp[i * k + j];
      if (r == 0.0) continue;
      double s = std::sqrt(r);
      double *wr = w.data() + filled * d;
      const double *row = x + i * d;
      for (int64_t t = 0; t < d; t++) wr[t] = s * (row[t] - m[t]);
      if (++filled == BLOCK_ROWS) flush();
    }
    if (filled > 0) flush();
    for (int64_t a = 0; a < d; a++) {
      for (int64_t b = 0; b <= a; b++) {
        double v = c[a * d + b] / nk[j];
        c[a * d + b] = v;
        c[b * d + a] = v;
      }
      c[a * d + a] += reg;
    }
  }
  return info.Env().Undefined();
}

// inverseCholesky(covariance, d, out): out = L^-1 (lower triangular, zeros above) for covariance =
// L L^T; returns false when the covariance is not positive definite.
Napi::Value InverseCholesky(const Napi::CallbackInfo &info) {
  const double *cov = F64(info[0]);
  int d = I(info[1]);
  double *out = F64(info[2]);
  std::copy(cov, cov + (size_t)d * d, out);
  // Row-major lower triangles are LAPACK's column-major upper ones.
  int status = 0;
  dpotrf_("U", &d, out, &d, &status);
  if (status == 0) dtrtri_("U", "N", &d, out, &d, &status);
  for (int a = 0; a < d; a++) std::fill(out + (size_t)a * d + a + 1, out + (size_t)(a + 1) * d, 0.0);
  return Napi::Boolean::New(info.Env(), status == 0);
}

}  // namespace tempora
