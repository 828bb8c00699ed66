// Matrix products: the sgemm wrapper every family uses, and batchMatMul.
#include "kernels.h"
#include <cblas.h>

namespace tempora {
namespace {

// Products at least this large (m * n * k) are shared between the OpenMP threads.
constexpr size_t GEMM_PARALLEL_MIN = (size_t)1 << 18;

}  // namespace

// c = op(a) op(b) + beta c through OpenBLAS, which always runs single-threaded (setThreads): large
// products are split into one block of rows (or columns) per OpenMP thread instead. One thread
// pool serves every kernel, so no idle BLAS thread spins on a core the pool needs, and each
// element's sum is the same whatever the number of threads.
void gemm(bool ta, bool tb, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float beta,
          float *c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {  // c = beta c; outputs may hold stale values, so beta 0 assigns rather than scales
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) c[i * ldc + j] = beta == 0.0f ? 0.0f : c[i * ldc + j] * beta;
    return;
  }
  auto block = [&](int i0, int i1, int j0, int j1) {
    cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, i1 - i0, j1 - j0, k,
                1.0f, a + (ta ? (size_t)i0 : (size_t)i0 * lda), lda, b + (tb ? (size_t)j0 * ldb : (size_t)j0), ldb,
                beta, c + (size_t)i0 * ldc + j0, ldc);
  };
  bool byRows = m >= n;
  int threads = (size_t)m * n * k >= GEMM_PARALLEL_MIN ? std::min(omp_get_max_threads(), byRows ? m : n) : 1;
  if (threads <= 1) {
    block(0, m, 0, n);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; t++) {
    if (byRows) block((int)((int64_t)m * t / threads), (int)((int64_t)m * (t + 1) / threads), 0, n);
    else block(0, m, (int)((int64_t)n * t / threads), (int)((int64_t)n * (t + 1) / threads));
  }
}

// batchMatMul(a, b, out, batch, m, n, k, transA, transB, strideA, strideB): out[i] = op(a[i]) op(b[i]),
// with batch strides (0 broadcasts one matrix over the batch).
Napi::Value BatchMatMul(const Napi::CallbackInfo &info) {
  const float *a = F32(info[0]), *b = F32(info[1]);
  float *out = F32(info[2]);
  int batch = I(info[3]), m = I(info[4]), n = I(info[5]), k = I(info[6]);
  bool ta = B(info[7]), tb = B(info[8]);
  size_t sa = (size_t)I(info[9]), sb = (size_t)I(info[10]);
  int lda = ta ? m : k, ldb = tb ? k : n;
  if (sb == 0 && !ta && batch > 1 && sa == (size_t)m * k) {
    // One shared right matrix: a single tall product is much faster than many small ones.
    gemm(false, tb, batch * m, n, k, a, lda, b, ldb, 0.0f, out, n);
    return info.Env().Undefined();
  }
  for (int i = 0; i < batch; i++)
    gemm(ta, tb, m, n, k, a + i * sa, lda, b + i * sb, ldb, 0.0f, out + (size_t)i * m * n, n);
  return info.Env().Undefined();
}

}  // namespace tempora
