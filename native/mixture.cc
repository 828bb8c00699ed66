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

// out[j,t] = finish(sum_i resp[i,j] term(x_i, j, t), j) over rows with resp > 0, in row order.
// Threads take ranges of columns, so every sum runs over the rows in the same order whatever the
// thread count.
template <typename Term, typename Finish>
void weightedColumnSums(const double *x, int64_t n, int64_t d, const double *resp, int k, double *out, Term term,
                        Finish finish) {
  parallelRanges(d, (size_t)n * d * k, [&](int64_t t0, int64_t t1) {
    for (int j = 0; j < k; j++) std::fill(out + j * d + t0, out + j * d + t1, 0.0);
    for (int64_t i = 0; i < n; i++) {
      const double *row = x + i * d;
      for (int j = 0; j < k; j++) {
        double r = resp[i * k + j];
        if (r == 0.0) continue;
        double *o = out + j * d;
#pragma omp simd
        for (int64_t t = t0; t < t1; t++) o[t] += r * term(row, j, t);
      }
    }
    for (int j = 0; j < k; j++)
      for (int64_t t = t0; t < t1; t++) out[j * d + t] = finish(out[j * d + t], j);
  });
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
      for (int j = 0; j < k; j++) {
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

// mixtureMeans(x, n, d, resp, k, nk, means): means[j,t] = sum_i resp[i,j] x[i,t] / nk[j], nk being
// the components' weights with their small floor.
Napi::Value MixtureMeans(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *resp = F64(info[3]), *nk = F64(info[5]);
  int64_t d = I(info[2]);
  weightedColumnSums(
      x, I(info[1]), d, resp, I(info[4]), F64(info[6]), [](const double *row, int64_t, int64_t t) { return row[t]; },
      [&](double sum, int j) { return sum / nk[j]; });
  return info.Env().Undefined();
}

// mixtureDiagCovariances(x, n, d, resp, k, means, nk, regCovar, out): out[j,t] = sum_i resp[i,j]
// (x[i,t] - means[j,t])^2 / nk[j] + regCovar.
Napi::Value MixtureDiagCovariances(const Napi::CallbackInfo &info) {
  const double *x = F64(info[0]), *resp = F64(info[3]), *means = F64(info[5]), *nk = F64(info[6]);
  int64_t d = I(info[2]);
  double reg = info[7].As<Napi::Number>().DoubleValue();
  weightedColumnSums(
      x, I(info[1]), d, resp, I(info[4]), F64(info[8]),
      [&](const double *row, int64_t j, int64_t t) {
        double diff = row[t] - means[j * d + t];
        return diff * diff;
      },
      [&](double sum, int j) { return sum / nk[j] + reg; });
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
