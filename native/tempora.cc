// Tempora's native kernels: the heavy float32 work of training (matrix products, Conv1D/Conv2D
// forward and both backward passes, whole GRU sequences and the DTCR feedback decoder with their
// backward passes) over OpenBLAS sgemm. Hand-written because no Debian library offers fused GRU
// training kernels with PyTorch's gate convention; everything with a matrix product goes to BLAS.
//
// Every function takes Float32Arrays (inputs and preallocated outputs) and integers; JavaScript
// owns all memory, so there is nothing to free here. Loops over large arrays and large products are
// shared between OpenMP's threads (setThreads); OpenBLAS itself runs single-threaded.
#include <napi.h>
#include <cblas.h>
#include <omp.h>

#include "conv-geometry.h"

#include <algorithm>
#include <cmath>
#include <type_traits>
#include <cstdint>
#include <cstring>
#include <vector>

namespace {

float *F32(const Napi::Value &v) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  return a.Data();
}
int I(const Napi::Value &v) { return v.As<Napi::Number>().Int32Value(); }

// Loops over fewer elements than this run on one thread: sharing them costs more than it saves.
constexpr size_t PARALLEL_MIN = (size_t)1 << 16;

// Runs body(begin, end) over [0, n), one contiguous range per thread when `work` (elements touched)
// is large enough to share; a range's results never depend on how [0, n) was split.
template <typename Body>
void parallelRanges(int64_t n, size_t work, Body body) {
  int threads = work >= PARALLEL_MIN ? (int)std::min<int64_t>(omp_get_max_threads(), n) : 1;
  if (threads <= 1) {
    body((int64_t)0, n);
    return;
  }
#pragma omp parallel for num_threads(threads) schedule(static)
  for (int t = 0; t < threads; t++) body(n * t / threads, n * (t + 1) / threads);
}
bool B(const Napi::Value &v) { return v.As<Napi::Boolean>().Value(); }

// exp(x) for float32 (Cephes' polynomial after range reduction by ln 2; relative error ~1e-7),
// written branch-free so the compiler vectorises the gate loops; libm's expf/tanhf would not be.
inline float fastExp(float x) {
  x = std::min(std::max(x, -87.0f), 88.0f);
  float n = std::floor(x * 1.44269504088896341f + 0.5f);
  float r = x - n * 0.693359375f + n * 2.12194440e-4f;
  float p = 1.9875691500E-4f;
  p = p * r + 1.3981999507E-3f;
  p = p * r + 8.3334519073E-3f;
  p = p * r + 4.1665795894E-2f;
  p = p * r + 1.6666665459E-1f;
  p = p * r + 5.0000001201E-1f;
  float e = p * r * r + r + 1.0f;
  int32_t bits = ((int32_t)n + 127) << 23;
  float scale;
  std::memcpy(&scale, &bits, sizeof scale);
  return e * scale;
}
// Scratch memory reused across calls (one buffer per slot, only ever grown): fresh allocations of
// tens of MB per call cost more in page faults than the arithmetic.
float *scratch(int slot, size_t n) {
  static std::vector<float> buffers[8];
  if (buffers[slot].size() < n) buffers[slot].resize(n);
  return buffers[slot].data();
}

inline float sigmoid(float x) { return 1.0f / (1.0f + fastExp(-x)); }
inline float fastTanh(float x) { return 2.0f / (1.0f + fastExp(-2.0f * x)) - 1.0f; }

// Products at least this large (m * n * k) are shared between the OpenMP threads.
constexpr size_t GEMM_PARALLEL_MIN = (size_t)1 << 18;

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

// Column sums of a [rows, cols] matrix added into out[cols].
void addColSums(const float *a, int rows, int cols, float *out) {
  for (int i = 0; i < rows; i++) {
    const float *row = a + (size_t)i * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
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

Conv readConv(const Napi::CallbackInfo &info, int first) {
  Conv c;
  int *f[] = {&c.n, &c.h, &c.w, &c.cin, &c.kh, &c.kw, &c.cout, &c.oh, &c.ow, &c.sh, &c.sw, &c.pt, &c.pl, &c.dh, &c.dw};
  for (int i = 0; i < 15; i++) *f[i] = I(info[first + i]);
  return c;
}

// Rows of the im2col matrix for images [i0, i0+count): one row per output pixel, kh*kw*cin columns.
void im2col(const Conv &c, const float *x, int i0, int count, float *cols) {
  size_t cw = c.colWidth();
  parallelRanges(count, (size_t)count * c.oh * c.ow * cw, [&](int64_t begin, int64_t end) {
  for (int i = (int)begin; i < (int)end; i++) {
    const float *img = x + (size_t)(i0 + i) * c.h * c.w * c.cin;
    for (int oy = 0; oy < c.oh; oy++)
      for (int ox = 0; ox < c.ow; ox++) {
        float *row = cols + ((size_t)(i * c.oh + oy) * c.ow + ox) * cw;
        for (int ky = 0; ky < c.kh; ky++) {
          int y = oy * c.sh - c.pt + ky * c.dh;
          for (int kx = 0; kx < c.kw; kx++) {
            int xx = ox * c.sw - c.pl + kx * c.dw;
            float *dst = row + (size_t)(ky * c.kw + kx) * c.cin;
            if (y < 0 || y >= c.h || xx < 0 || xx >= c.w)
              std::memset(dst, 0, sizeof(float) * c.cin);
            else
              std::memcpy(dst, img + ((size_t)y * c.w + xx) * c.cin, sizeof(float) * c.cin);
          }
        }
      }
  }
  });
}

// Writes images [i0, i0+count) of dx as the sums of their im2col rows (the adjoint of im2col).
void col2im(const Conv &c, const float *cols, int i0, int count, float *dx) {
  size_t cw = c.colWidth();
  parallelRanges(count, (size_t)count * c.oh * c.ow * cw, [&](int64_t begin, int64_t end) {
  for (int i = (int)begin; i < (int)end; i++) {
    float *img = dx + (size_t)(i0 + i) * c.h * c.w * c.cin;
    std::memset(img, 0, sizeof(float) * c.h * c.w * c.cin);
    for (int oy = 0; oy < c.oh; oy++)
      for (int ox = 0; ox < c.ow; ox++) {
        const float *row = cols + ((size_t)(i * c.oh + oy) * c.ow + ox) * cw;
        for (int ky = 0; ky < c.kh; ky++) {
          int y = oy * c.sh - c.pt + ky * c.dh;
          if (y < 0 || y >= c.h) continue;
          for (int kx = 0; kx < c.kw; kx++) {
            int xx = ox * c.sw - c.pl + kx * c.dw;
            if (xx < 0 || xx >= c.w) continue;
            const float *src = row + (size_t)(ky * c.kw + kx) * c.cin;
            float *dst = img + ((size_t)y * c.w + xx) * c.cin;
            for (int ch = 0; ch < c.cin; ch++) dst[ch] += src[ch];
          }
        }
      }
  }
  });
}

// Whether oneDNN's convolutions are built in (dnnl-conv.cc). They take 1x1 convolutions too: an
// OpenBLAS sgemm between them would leave its worker thread spinning on the core oneDNN's threads need.
#ifdef TEMPORA_DNNL
constexpr bool withDnnl = true;
#else
constexpr bool withDnnl = false;
bool dnnlConvForward(const Conv &, const float *, const float *, const float *, float *) { return false; }
bool dnnlConvBackwardData(const Conv &, const float *, const float *, float *) { return false; }
bool dnnlConvBackwardWeights(const Conv &, const float *, const float *, float *) { return false; }
bool dnnlConvUse(bool) { return false; }
#endif

bool isPointwise(const Conv &c) {
  return c.kh == 1 && c.kw == 1 && c.sh == 1 && c.sw == 1 && c.pt == 0 && c.pl == 0 && c.oh == c.h && c.ow == c.w;
}

// Images per im2col chunk: bounded scratch (about 16 MB) while keeping products large.
int chunkImages(const Conv &c) {
  size_t perImage = (size_t)c.oh * c.ow * c.colWidth();
  size_t limit = (size_t)4 << 20;
  return (int)std::max<size_t>(1, std::min<size_t>(c.n, perImage ? limit / perImage : c.n));
}

// Without bias: y = conv(x, filter), through sgemm.
void convForwardGemm(const Conv &c, const float *x, const float *w, float *y) {
  size_t pix = (size_t)c.oh * c.ow;
  if (isPointwise(c)) {
    gemm(false, false, c.n * pix, c.cout, c.cin, x, c.cin, w, c.cout, 0.0f, y, c.cout);
    return;
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols);
    gemm(false, false, cnt * pix, c.cout, c.colWidth(), cols, c.colWidth(), w, c.cout, 0.0f,
         y + (size_t)i0 * pix * c.cout, c.cout);
  }
}

// conv2d(x, filter, y, bias, geometry...): y = conv(x, filter) + bias, NHWC / HWIO; bias [cout] or null.
Napi::Value Conv2D(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *w = F32(info[1]);
  float *y = F32(info[2]);
  const float *bias = info[3].IsNull() ? nullptr : F32(info[3]);
  Conv c = readConv(info, 4);
  if (withDnnl && dnnlConvForward(c, x, w, bias, y)) return info.Env().Undefined();
  convForwardGemm(c, x, w, y);
  if (bias != nullptr) {
    int64_t rows = (int64_t)c.n * c.oh * c.ow;
    parallelRanges(rows, (size_t)rows * c.cout, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; r++)
        for (int o = 0; o < c.cout; o++) y[r * c.cout + o] += bias[o];
    });
  }
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, filter, dx, geometry...): dx = adjoint of the convolution applied to dy.
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo &info) {
  const float *dy = F32(info[0]), *w = F32(info[1]);
  float *dx = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (withDnnl && dnnlConvBackwardData(c, dy, w, dx)) return info.Env().Undefined();
  if (isPointwise(c)) {
    gemm(false, true, c.n * pix, c.cin, c.cout, dy, c.cout, w, c.cout, 0.0f, dx, c.cin);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    gemm(false, true, cnt * pix, c.colWidth(), c.cout, dy + (size_t)i0 * pix * c.cout, c.cout, w, c.cout, 0.0f,
         cols, c.colWidth());
    col2im(c, cols, i0, cnt, dx);
  }
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry...): dw = gradient of the filter.
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *dy = F32(info[1]);
  float *dw = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (withDnnl && dnnlConvBackwardWeights(c, x, dy, dw)) return info.Env().Undefined();
  if (isPointwise(c)) {
    gemm(true, false, c.cin, c.cout, c.n * pix, x, c.cin, dy, c.cout, 0.0f, dw, c.cout);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols);
    gemm(true, false, c.colWidth(), c.cout, cnt * pix, cols, c.colWidth(), dy + (size_t)i0 * pix * c.cout,
         c.cout, i0 == 0 ? 0.0f : 1.0f, dw, c.cout);
  }
  if (c.n == 0) std::memset(dw, 0, sizeof(float) * c.colWidth() * c.cout);
  return info.Env().Undefined();
}

// One GRU cell over a batch, PyTorch convention (gates r, z, n; two biases). xa: input part of the
// gates with its bias, row stride xs; hp: previous state, row stride hps; g: h_prev Wh (+bh added
// here). Writes the new state (row stride hs) and the gates r, z, n, hn per row into gates[4H].
// One row of cellForward; separate so that the compiler vectorises it over j.
void cellRow(int H, const float *__restrict xr, const float *__restrict xz, const float *__restrict xn,
             const float *__restrict gr, const float *__restrict gz, const float *__restrict gn,
             const float *__restrict br, const float *__restrict bz, const float *__restrict bn,
             const float *__restrict hp, float *__restrict h, float *__restrict gtr, float *__restrict gtz,
             float *__restrict gtn, float *__restrict gthn) {
  for (int j = 0; j < H; j++) {
    float r = sigmoid(xr[j] + gr[j] + br[j]);
    float z = sigmoid(xz[j] + gz[j] + bz[j]);
    float hn = gn[j] + bn[j];
    float n = fastTanh(xn[j] + r * hn);
    h[j] = (1.0f - z) * n + z * hp[j];
    gtr[j] = r;
    gtz[j] = z;
    gtn[j] = n;
    gthn[j] = hn;
  }
}

void cellForward(int batch, int H, const float *xa, size_t xs, const float *hp, size_t hps, const float *g,
                 const float *bh, float *h, size_t hs, float *gates) {
  parallelRanges(batch, (size_t)batch * H * 4, [&](int64_t begin, int64_t end) {
    for (int b = (int)begin; b < (int)end; b++) {
      const float *x = xa + b * xs, *gr = g + (size_t)b * 3 * H;
      float *gt = gates + (size_t)b * 4 * H;
      cellRow(H, x, x + H, x + 2 * H, gr, gr + H, gr + 2 * H, bh, bh + H, bh + 2 * H, hp + b * hps, h + b * hs, gt,
              gt + H, gt + 2 * H, gt + 3 * H);
    }
  });
}

// Backward of cellForward for one step: dh (row stride dhs) is the gradient of the new state;
// writes the input-gate gradients da (row stride das), the recurrent-gate gradients db (row
// stride dbs), and the direct part z*dh of the previous state's gradient into dprev [B,H].
// One row of cellBackward; separate so that the compiler vectorises it over j.
void cellBackRow(int H, const float *__restrict g, const float *__restrict hp, const float *__restrict gr,
                 const float *__restrict gz, const float *__restrict gn, const float *__restrict ghn,
                 float *__restrict dar, float *__restrict daz, float *__restrict dan, float *__restrict dbr,
                 float *__restrict dbz, float *__restrict dbn, float *__restrict dp) {
  for (int j = 0; j < H; j++) {
    float r = gr[j], z = gz[j], n = gn[j], hn = ghn[j];
    float gj = g[j];
    float dn = gj * (1.0f - z) * (1.0f - n * n);
    float dz = gj * (hp[j] - n) * z * (1.0f - z);
    float dr = dn * hn * r * (1.0f - r);
    dar[j] = dr;
    daz[j] = dz;
    dan[j] = dn;
    dbr[j] = dr;
    dbz[j] = dz;
    dbn[j] = dn * r;
    dp[j] = gj * z;
  }
}

void cellBackward(int batch, int H, const float *dh, size_t dhs, const float *hp, size_t hps, const float *gates,
                  float *da, size_t das, float *db, size_t dbs, float *dprev) {
  parallelRanges(batch, (size_t)batch * H * 4, [&](int64_t begin, int64_t end) {
    for (int b = (int)begin; b < (int)end; b++) {
      const float *gt = gates + (size_t)b * 4 * H;
      float *a = da + b * das, *r = db + b * dbs;
      cellBackRow(H, dh + b * dhs, hp + b * hps, gt, gt + H, gt + 2 * H, gt + 3 * H, a, a + H, a + 2 * H, r, r + H,
                  r + 2 * H, dprev + (size_t)b * H);
    }
  });
}

// gruSequence(x, h0, Wx, Wh, bx, bh, B, T, F, H, hs, gates): hs [B,T,H] all states; gates [T,B,4H].
Napi::Value GruSequence(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *bx = F32(info[4]),
              *bh = F32(info[5]);
  int B_ = I(info[6]), T = I(info[7]), F = I(info[8]), H = I(info[9]);
  float *hs = F32(info[10]), *gates = F32(info[11]);
  size_t G = 3 * (size_t)H;
  float *xa = scratch(0, (size_t)B_ * T * G), *g = scratch(1, (size_t)B_ * G);
  for (size_t i = 0; i < (size_t)B_ * T; i++) std::memcpy(xa + i * G, bx, sizeof(float) * G);
  gemm(false, false, B_ * T, G, F, x, F, wx, G, 1.0f, xa, G);
  for (int t = 0; t < T; t++) {
    const float *hp = t == 0 ? h0 : hs + (size_t)(t - 1) * H;
    size_t hps = t == 0 ? H : (size_t)T * H;
    gemm(false, false, B_, G, H, hp, hps, wh, G, 0.0f, g, G);
    cellForward(B_, H, xa + t * G, T * G, hp, hps, g, bh, hs + (size_t)t * H, (size_t)T * H,
                gates + (size_t)t * B_ * 4 * H);
  }
  return info.Env().Undefined();
}

// gruSequenceGrad(x, h0, Wx, Wh, hs, gates, dhs, B, T, F, H, dx, dh0, dWx, dWh, dbx, dbh).
Napi::Value GruSequenceGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *hs = F32(info[4]),
              *gates = F32(info[5]), *dhs = F32(info[6]);
  int B_ = I(info[7]), T = I(info[8]), F = I(info[9]), H = I(info[10]);
  float *dx = F32(info[11]), *dh0 = F32(info[12]), *dwx = F32(info[13]), *dwh = F32(info[14]), *dbx = F32(info[15]),
        *dbh = F32(info[16]);
  size_t G = 3 * (size_t)H, rows = (size_t)B_ * T;
  float *da = scratch(0, rows * G), *db = scratch(1, rows * G), *hprev = scratch(2, rows * H),
        *carry = scratch(3, (size_t)B_ * H), *dh = scratch(4, (size_t)B_ * H), *next = scratch(5, (size_t)B_ * H);
  std::memset(carry, 0, sizeof(float) * B_ * H);
  for (int b = 0; b < B_; b++) {
    std::memcpy(hprev + (size_t)b * T * H, h0 + (size_t)b * H, sizeof(float) * H);
    if (T > 1) std::memcpy(hprev + ((size_t)b * T + 1) * H, hs + (size_t)b * T * H, sizeof(float) * (T - 1) * H);
  }
  for (int t = T - 1; t >= 0; t--) {
    for (int b = 0; b < B_; b++) {
      const float *__restrict src = dhs + ((size_t)b * T + t) * H, *__restrict c = carry + (size_t)b * H;
      float *__restrict dst = dh + (size_t)b * H;
      for (int j = 0; j < H; j++) dst[j] = src[j] + c[j];
    }
    cellBackward(B_, H, dh, H, hprev + (size_t)t * H, (size_t)T * H, gates + (size_t)t * B_ * 4 * H, da + t * G,
                 T * G, db + t * G, T * G, next);
    gemm(false, true, B_, H, G, db + t * G, T * G, wh, G, 1.0f, next, H);
    std::swap(carry, next);
  }
  std::memcpy(dh0, carry, sizeof(float) * B_ * H);
  gemm(false, true, rows, F, G, da, G, wx, G, 0.0f, dx, F);
  gemm(true, false, F, G, rows, x, F, da, G, 0.0f, dwx, G);
  gemm(true, false, H, G, rows, hprev, H, db, G, 0.0f, dwh, G);
  std::memset(dbx, 0, sizeof(float) * G);
  std::memset(dbh, 0, sizeof(float) * G);
  addColSums(da, rows, G, dbx);
  addColSums(db, rows, G, dbh);
  return info.Env().Undefined();
}

// gruDecode(x0, h0, Wx[1,3H], Wh, bx, bh, P[H], pb, B, H, steps, y [B,steps], hs [B,steps,H],
// gates [steps,B,4H], u [B,steps]): the decoder fed its own output.
Napi::Value GruDecode(const Napi::CallbackInfo &info) {
  const float *x0 = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *bx = F32(info[4]),
              *bh = F32(info[5]), *p = F32(info[6]), *pb = F32(info[7]);
  int B_ = I(info[8]), H = I(info[9]), S = I(info[10]);
  float *y = F32(info[11]), *hs = F32(info[12]), *gates = F32(info[13]), *u = F32(info[14]);
  size_t G = 3 * (size_t)H;
  float *xa = scratch(0, (size_t)B_ * G), *g = scratch(1, (size_t)B_ * G);
  for (int b = 0; b < B_; b++) u[(size_t)b * S] = x0[b];
  for (int t = 0; t < S; t++) {
    for (int b = 0; b < B_; b++) {
      float ub = u[(size_t)b * S + t];
      for (size_t j = 0; j < G; j++) xa[b * G + j] = ub * wx[j] + bx[j];
    }
    const float *hp = t == 0 ? h0 : hs + (size_t)(t - 1) * H;
    size_t hps = t == 0 ? H : (size_t)S * H;
    gemm(false, false, B_, G, H, hp, hps, wh, G, 0.0f, g, G);
    float *ht = hs + (size_t)t * H;
    cellForward(B_, H, xa, G, hp, hps, g, bh, ht, (size_t)S * H, gates + (size_t)t * B_ * 4 * H);
    for (int b = 0; b < B_; b++) {
      const float *hb = ht + (size_t)b * S * H;
      float acc = pb[0];
      for (int j = 0; j < H; j++) acc += hb[j] * p[j];
      y[(size_t)b * S + t] = acc;
      if (t + 1 < S) u[(size_t)b * S + t + 1] = acc;
    }
  }
  return info.Env().Undefined();
}

// gruDecodeGrad(h0, Wx, Wh, P, hs, gates, u, dy, B, H, steps, dx0, dh0, dWx, dWh, dbx, dbh, dP, dpb).
Napi::Value GruDecodeGrad(const Napi::CallbackInfo &info) {
  const float *h0 = F32(info[0]), *wx = F32(info[1]), *wh = F32(info[2]), *p = F32(info[3]), *hs = F32(info[4]),
              *gates = F32(info[5]), *u = F32(info[6]), *dy = F32(info[7]);
  int B_ = I(info[8]), H = I(info[9]), S = I(info[10]);
  float *dx0 = F32(info[11]), *dh0 = F32(info[12]), *dwx = F32(info[13]), *dwh = F32(info[14]), *dbx = F32(info[15]),
        *dbh = F32(info[16]), *dp = F32(info[17]), *dpb = F32(info[18]);
  size_t G = 3 * (size_t)H, rows = (size_t)B_ * S;
  float *da = scratch(0, (size_t)B_ * G), *db = scratch(1, rows * G), *hprev = scratch(2, rows * H),
        *carry = scratch(3, (size_t)B_ * H), *dh = scratch(4, (size_t)B_ * H), *next = scratch(5, (size_t)B_ * H),
        *du = scratch(7, B_);
  std::memset(carry, 0, sizeof(float) * B_ * H);
  std::memset(du, 0, sizeof(float) * B_);
  for (int b = 0; b < B_; b++) {
    std::memcpy(hprev + (size_t)b * S * H, h0 + (size_t)b * H, sizeof(float) * H);
    if (S > 1)
      std::memcpy(hprev + ((size_t)b * S + 1) * H, hs + (size_t)b * S * H, sizeof(float) * (S - 1) * H);
  }
  std::memset(dwx, 0, sizeof(float) * G);
  std::memset(dbx, 0, sizeof(float) * G);
  std::memset(dp, 0, sizeof(float) * H);
  dpb[0] = 0.0f;
  for (int t = S - 1; t >= 0; t--) {
    for (int b = 0; b < B_; b++) {
      float gy = dy[(size_t)b * S + t] + du[b];
      const float *hb = hs + ((size_t)b * S + t) * H;
      for (int j = 0; j < H; j++) {
        dh[(size_t)b * H + j] = carry[(size_t)b * H + j] + gy * p[j];
        dp[j] += hb[j] * gy;
      }
      dpb[0] += gy;
    }
    cellBackward(B_, H, dh, H, hprev + (size_t)t * H, (size_t)S * H, gates + (size_t)t * B_ * 4 * H,
                 da, G, db + t * G, S * G, next);
    gemm(false, true, B_, H, G, db + t * G, S * G, wh, G, 1.0f, next, H);
    std::swap(carry, next);
    for (int b = 0; b < B_; b++) {
      const float *dar = da + b * G;
      float ub = u[(size_t)b * S + t], acc = 0.0f;
      for (size_t j = 0; j < G; j++) {
        acc += dar[j] * wx[j];
        dwx[j] += ub * dar[j];
        dbx[j] += dar[j];
      }
      du[b] = acc;
    }
  }
  for (int b = 0; b < B_; b++) dx0[b] = du[b];
  std::memcpy(dh0, carry, sizeof(float) * B_ * H);
  gemm(true, false, H, G, rows, hprev, H, db, G, 0.0f, dwh, G);
  std::memset(dbh, 0, sizeof(float) * G);
  addColSums(db, rows, G, dbh);
  return info.Env().Undefined();
}

// Copies a strided view of 4-byte elements onto a strided destination.
void copyStrided(const uint32_t *src, const std::vector<int64_t> &ss, uint32_t *dst, const std::vector<int64_t> &ds,
                 const std::vector<int64_t> &shape, size_t dim) {
  int64_t n = shape[dim], a = ss[dim], b = ds[dim];
  if (dim + 1 == shape.size()) {
    if (a == 1 && b == 1)
      std::memcpy(dst, src, sizeof(uint32_t) * n);
    else
      for (int64_t i = 0; i < n; i++) dst[i * b] = src[i * a];
    return;
  }
  for (int64_t i = 0; i < n; i++) copyStrided(src + i * a, ss, dst + i * b, ds, shape, dim + 1);
}

std::vector<int64_t> int64s(const Napi::Value &v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

uint32_t *words(const Napi::Value &v) {
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  return reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

// copy(src, srcOffset, srcStrides, dst, dstOffset, dstStrides, shape): transpose, reverse, slice,
// tile and pad of 4-byte tensors are all one strided copy.
Napi::Value Copy(const Napi::CallbackInfo &info) {
  const uint32_t *src = words(info[0]) + info[1].As<Napi::Number>().Int64Value();
  std::vector<int64_t> ss = int64s(info[2]), ds = int64s(info[5]), shape = int64s(info[6]);
  uint32_t *dst = words(info[3]) + info[4].As<Napi::Number>().Int64Value();
  for (int64_t n : shape)
    if (n == 0) return info.Env().Undefined();
  if (shape.empty()) {
    *dst = *src;
    return info.Env().Undefined();
  }
  size_t total = 1;
  for (int64_t n : shape) total *= (size_t)n;
  if (shape.size() == 1) {
    parallelRanges(shape[0], total, [&](int64_t begin, int64_t end) {
      std::vector<int64_t> part = {end - begin};
      copyStrided(src + begin * ss[0], ss, dst + begin * ds[0], ds, part, 0);
    });
  } else {
    parallelRanges(shape[0], total, [&](int64_t begin, int64_t end) {
      for (int64_t i = begin; i < end; i++) copyStrided(src + i * ss[0], ss, dst + i * ds[0], ds, shape, 1);
    });
  }
  return info.Env().Undefined();
}

// RELU_GRAD: a * step(b), ReLU's gradient dy * step(x) (step(NaN) is NaN, as TF.js's Step).
enum BinaryOp { ADD, SUB, MUL, DIV, SQUARED_DIFFERENCE, MAXIMUM, MINIMUM, RELU_GRAD };

template <int OP>
inline float apply(float a, float b) {
  if (OP == ADD) return a + b;
  if (OP == SUB) return a - b;
  if (OP == MUL) return a * b;
  if (OP == DIV) return a / b;
  if (OP == SQUARED_DIFFERENCE) return (a - b) * (a - b);
  if (OP == MAXIMUM) return a > b || std::isnan(a) ? a : b;
  if (OP == RELU_GRAD) return a * (b != b ? b : (b > 0.0f ? 1.0f : 0.0f));
  return a < b || std::isnan(a) ? a : b;
}

// The innermost dimension with each operand's stride 0 or 1 (the broadcast cases), vectorisable.
template <int OP>
void binaryRow(const float *__restrict a, int64_t sa, const float *__restrict b, int64_t sb, float *__restrict out,
               int64_t n) {
  if (sa == 1 && sb == 1)
    for (int64_t i = 0; i < n; i++) out[i] = apply<OP>(a[i], b[i]);
  else if (sa == 1 && sb == 0)
    for (int64_t i = 0; i < n; i++) out[i] = apply<OP>(a[i], b[0]);
  else if (sa == 0 && sb == 1)
    for (int64_t i = 0; i < n; i++) out[i] = apply<OP>(a[0], b[i]);
  else
    for (int64_t i = 0; i < n; i++) out[i] = apply<OP>(a[i * sa], b[i * sb]);
}

// Dimensions [dim, end) of the output, written densely from out.
template <int OP>
void binaryDims(const float *a, const std::vector<int64_t> &sa, const float *b, const std::vector<int64_t> &sb,
                const std::vector<int64_t> &shape, size_t dim, float *out) {
  int64_t n = shape[dim];
  if (dim + 1 == shape.size()) {
    binaryRow<OP>(a, sa[dim], b, sb[dim], out, n);
    return;
  }
  int64_t inner = 1;
  for (size_t d = dim + 1; d < shape.size(); d++) inner *= shape[d];
  for (int64_t i = 0; i < n; i++) binaryDims<OP>(a + i * sa[dim], sa, b + i * sb[dim], sb, shape, dim + 1, out + i * inner);
}

// The whole output, its outermost dimension shared between threads.
template <int OP>
void binaryAll(const float *a, const std::vector<int64_t> &sa, const float *b, const std::vector<int64_t> &sb,
               const std::vector<int64_t> &shape, float *out) {
  int64_t inner = 1;
  for (size_t d = 1; d < shape.size(); d++) inner *= shape[d];
  parallelRanges(shape[0], (size_t)shape[0] * inner, [&](int64_t begin, int64_t end) {
    if (shape.size() == 1)
      binaryRow<OP>(a + begin * sa[0], sa[0], b + begin * sb[0], sb[0], out + begin, end - begin);
    else
      for (int64_t i = begin; i < end; i++) binaryDims<OP>(a + i * sa[0], sa, b + i * sb[0], sb, shape, 1, out + i * inner);
  });
}

// binary(op, a, aStrides, b, bStrides, shape, out): out = a op b over the output shape, each operand
// read through its strides (0 along broadcast dimensions).
Napi::Value Binary(const Napi::CallbackInfo &info) {
  int op = I(info[0]);
  const float *a = F32(info[1]), *b = F32(info[3]);
  std::vector<int64_t> sa = int64s(info[2]), sb = int64s(info[4]), shape = int64s(info[5]);
  float *out = F32(info[6]);
  for (int64_t n : shape)
    if (n == 0) return info.Env().Undefined();
  if (shape.empty()) {
    shape = {1};
    sa = {0};
    sb = {0};
  }
  switch (op) {
    case ADD: binaryAll<ADD>(a, sa, b, sb, shape, out); break;
    case SUB: binaryAll<SUB>(a, sa, b, sb, shape, out); break;
    case MUL: binaryAll<MUL>(a, sa, b, sb, shape, out); break;
    case DIV: binaryAll<DIV>(a, sa, b, sb, shape, out); break;
    case SQUARED_DIFFERENCE: binaryAll<SQUARED_DIFFERENCE>(a, sa, b, sb, shape, out); break;
    case MAXIMUM: binaryAll<MAXIMUM>(a, sa, b, sb, shape, out); break;
    case MINIMUM: binaryAll<MINIMUM>(a, sa, b, sb, shape, out); break;
    default: binaryAll<RELU_GRAD>(a, sa, b, sb, shape, out); break;
  }
  return info.Env().Undefined();
}

// Accumulates in double, as the CPU backend does (it sums in JavaScript numbers).
void sumDims(const float *x, const std::vector<int64_t> &shape, const std::vector<int64_t> &so, size_t dim, double *out) {
  int64_t n = shape[dim], s = so[dim];
  if (dim + 1 == shape.size()) {
    if (s == 0) {
      double acc = 0.0;
      for (int64_t i = 0; i < n; i++) acc += x[i];
      *out += acc;
    } else {
      for (int64_t i = 0; i < n; i++) out[i * s] += x[i];
    }
    return;
  }
  int64_t inner = 1;
  for (size_t d = dim + 1; d < shape.size(); d++) inner *= shape[d];
  for (int64_t i = 0; i < n; i++) sumDims(x + i * inner, shape, so, dim + 1, out + i * s);
}

// sum(x, shape, outStrides, out, scale): out (zeroed here) = scale * sum of x over the dimensions
// whose output stride is 0.
Napi::Value Sum(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]);
  std::vector<int64_t> shape = int64s(info[1]), so = int64s(info[2]);
  Napi::Float32Array outArray = info[3].As<Napi::Float32Array>();
  float *out = outArray.Data();
  double scale = info[4].As<Napi::Number>().DoubleValue();
  size_t size = outArray.ElementLength();
  std::vector<double> acc(size, 0.0);
  bool empty = false;
  for (int64_t n : shape) empty = empty || n == 0;
  if (shape.empty())
    acc[0] = x[0];
  else if (!empty)
    sumDims(x, shape, so, 0, acc.data());
  for (size_t i = 0; i < size; i++) out[i] = (float)(acc[i] * scale);
  return info.Env().Undefined();
}

// batchNorm(x, mean, variance, offset|null, scale|null, rows, channels, epsilon, out): channels-last
// batch normalisation with per-channel statistics.
Napi::Value BatchNorm(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *offset = F32(info[3]), *scale = F32(info[4]);
  int64_t rows = info[5].As<Napi::Number>().Int64Value();
  int C = I(info[6]);
  float eps = info[7].As<Napi::Number>().FloatValue();
  float *out = F32(info[8]);
  std::vector<float> mul(C), add(C);
  for (int c = 0; c < C; c++) {
    mul[c] = (scale ? scale[c] : 1.0f) / std::sqrt(var[c] + eps);
    add[c] = (offset ? offset[c] : 0.0f) - mean[c] * mul[c];
  }
  for (int64_t r = 0; r < rows; r++) {
    const float *__restrict xr = x + r * C;
    float *__restrict o = out + r * C;
    const float *__restrict m = mul.data(), *__restrict a = add.data();
    for (int c = 0; c < C; c++) o[c] = xr[c] * m[c] + a[c];
  }
  return info.Env().Undefined();
}

// batchNormGrad(x, mean, variance, scale|null, dy, rows, channels, epsilon, dx, dmean, dvariance,
// dscale, doffset): gradients of batchNorm with respect to each of its inputs.
Napi::Value BatchNormGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *scale = F32(info[3]), *dy = F32(info[4]);
  int64_t rows = info[5].As<Napi::Number>().Int64Value();
  int C = I(info[6]);
  float eps = info[7].As<Napi::Number>().FloatValue();
  float *dx = F32(info[8]), *dmean = F32(info[9]), *dvar = F32(info[10]), *dscale = F32(info[11]), *doffset = F32(info[12]);
  std::vector<float> inv(C), mul(C);
  std::vector<double> sumDy(C, 0.0), sumDyXm(C, 0.0);
  for (int c = 0; c < C; c++) {
    inv[c] = 1.0f / std::sqrt(var[c] + eps);
    mul[c] = (scale ? scale[c] : 1.0f) * inv[c];
  }
  // Row blocks keep float partial sums short before adding them into the double totals.
  std::vector<float> pd(C), pdx(C);
  const int64_t block = 64;
  for (int64_t r0 = 0; r0 < rows; r0 += block) {
    std::fill(pd.begin(), pd.end(), 0.0f);
    std::fill(pdx.begin(), pdx.end(), 0.0f);
    for (int64_t r = r0; r < std::min(rows, r0 + block); r++) {
      const float *__restrict xr = x + r * C, *__restrict d = dy + r * C, *__restrict m = mean, *__restrict k = mul.data();
      float *__restrict o = dx + r * C, *__restrict a = pd.data(), *__restrict b = pdx.data();
      for (int c = 0; c < C; c++) {
        o[c] = d[c] * k[c];
        a[c] += d[c];
        b[c] += d[c] * (xr[c] - m[c]);
      }
    }
    for (int c = 0; c < C; c++) {
      sumDy[c] += pd[c];
      sumDyXm[c] += pdx[c];
    }
  }
  for (int c = 0; c < C; c++) {
    dmean[c] = (float)(-mul[c] * sumDy[c]);
    dvar[c] = (float)(-0.5 * mul[c] * inv[c] * inv[c] * sumDyXm[c]);
    dscale[c] = (float)(inv[c] * sumDyXm[c]);
    doffset[c] = (float)sumDy[c];
  }
  return info.Env().Undefined();
}

// Per-channel sums over row blocks of [rows, C]: float partial sums per block of 64 rows, added
// into double totals, so long columns keep float32 accuracy. f(row, c) gives each term. Threads
// sum row ranges of their own, added in a fixed order.
template <typename Term>
void channelSums(int64_t rows, int C, std::vector<double> &total, Term f) {
  const int64_t block = 64;
  int64_t blocks = (rows + block - 1) / block;
  int threads = (size_t)rows * C >= PARALLEL_MIN ? (int)std::min<int64_t>(omp_get_max_threads(), blocks) : 1;
  std::vector<std::vector<double>> partial(std::max(threads, 1), std::vector<double>(C, 0.0));
  parallelRanges(std::max(threads, 1), (size_t)rows * C, [&](int64_t t0, int64_t t1) {
    std::vector<float> part(C);
    for (int64_t t = t0; t < t1; t++) {
      std::vector<double> &sum = partial[t];
      for (int64_t b = blocks * t / threads; b < blocks * (t + 1) / threads; b++) {
        std::fill(part.begin(), part.end(), 0.0f);
        float *__restrict p = part.data();
        for (int64_t r = b * block; r < std::min(rows, (b + 1) * block); r++)
          for (int c = 0; c < C; c++) p[c] += f(r, c);
        for (int c = 0; c < C; c++) sum[c] += p[c];
      }
    }
  });
  for (int t = 0; t < threads; t++)
    for (int c = 0; c < C; c++) total[c] += partial[t][c];
}

// batchNormTrain(x, gamma, beta, rows, channels, epsilon, y, mean, variance, relu): training-mode
// batch norm of [rows, C] with the batch's mean and biased variance (two passes for the statistics,
// as moments does), then y = gamma (x - mean) / sqrt(variance + epsilon) + beta, and max(y, 0) when
// relu is true (ResNet's BatchNorm then ReLU in one pass over memory).
Napi::Value BatchNormTrain(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *gamma = F32(info[1]), *beta = F32(info[2]);
  int64_t rows = info[3].As<Napi::Number>().Int64Value();
  int C = I(info[4]);
  float eps = info[5].As<Napi::Number>().FloatValue();
  float *y = F32(info[6]), *mean = F32(info[7]), *var = F32(info[8]);
  // ReLU as a floor on the result; -inf leaves it as it is.
  const float floor = B(info[9]) ? 0.0f : -INFINITY;
  std::vector<double> sum(C, 0.0), sq(C, 0.0);
  channelSums(rows, C, sum, [&](int64_t r, int c) { return x[r * C + c]; });
  for (int c = 0; c < C; c++) mean[c] = rows > 0 ? (float)(sum[c] / rows) : NAN;
  channelSums(rows, C, sq, [&](int64_t r, int c) {
    float d = x[r * C + c] - mean[c];
    return d * d;
  });
  std::vector<float> mul(C), add(C);
  for (int c = 0; c < C; c++) {
    var[c] = rows > 0 ? (float)(sq[c] / rows) : NAN;
    mul[c] = gamma[c] / std::sqrt(var[c] + eps);
    add[c] = beta[c] - mean[c] * mul[c];
  }
  parallelRanges(rows, (size_t)rows * C, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
      const float *__restrict xr = x + r * C, *__restrict m = mul.data(), *__restrict a = add.data();
      float *__restrict o = y + r * C;
      for (int c = 0; c < C; c++) o[c] = std::max(xr[c] * m[c] + a[c], floor);
    }
  });
  return info.Env().Undefined();
}

// batchNormTrainGrad(x, mean, variance, gamma, dy, dmean, dvariance, rows, channels, epsilon, dx,
// dgamma, dbeta, y): the gradient of batchNormTrain through the batch statistics, with
// xhat = (x - mean) rstd: dbeta = sum dy, dgamma = sum dy xhat,
// dx = gamma rstd / N (N dy - dbeta - xhat dgamma) + (dmean + 2 dvariance (x - mean)) / N, the last
// term from the gradients reaching the mean and variance outputs. y is the ReLU'd output when the
// forward pass had relu (dy is then zero where y is), else null.
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *gamma = F32(info[3]), *dy = F32(info[4]),
              *dmean = F32(info[5]), *dvar = F32(info[6]);
  int64_t rows = info[7].As<Napi::Number>().Int64Value();
  int C = I(info[8]);
  float eps = info[9].As<Napi::Number>().FloatValue();
  float *dx = F32(info[10]), *dgamma = F32(info[11]), *dbeta = F32(info[12]);
  const float *y = info[13].IsNull() ? nullptr : F32(info[13]);
  std::vector<float> rstd(C);
  for (int c = 0; c < C; c++) rstd[c] = 1.0f / std::sqrt(var[c] + eps);
  // One body for both cases, compiled twice: ReLU's mask multiplies (a conditional load would be a
  // branch per element, mispredicted half the time), and without ReLU y is never read.
  auto run = [&](auto relu) {
    constexpr bool masked = decltype(relu)::value;
    auto g = [&](int64_t i) {
      if constexpr (masked) return dy[i] * (float)(y[i] > 0.0f);
      else return dy[i];
    };
    std::vector<double> sumDy(C, 0.0), sumDyXhat(C, 0.0);
    channelSums(rows, C, sumDy, [&](int64_t r, int c) { return g(r * C + c); });
    channelSums(rows, C, sumDyXhat, [&](int64_t r, int c) { return g(r * C + c) * (x[r * C + c] - mean[c]) * rstd[c]; });
    std::vector<float> k(C), b(C), a(C);
    for (int c = 0; c < C; c++) {
      dbeta[c] = (float)sumDy[c];
      dgamma[c] = (float)sumDyXhat[c];
      // dx = k dy - b - a (x - mean), with k = gamma rstd, b = (k dbeta - dmean) / N and
      // a = (k dgamma rstd - 2 dvariance) / N.
      k[c] = gamma[c] * rstd[c];
      b[c] = rows > 0 ? (k[c] * dbeta[c] - dmean[c]) / rows : 0.0f;
      a[c] = rows > 0 ? (k[c] * dgamma[c] * rstd[c] - 2.0f * dvar[c]) / rows : 0.0f;
    }
    parallelRanges(rows, (size_t)rows * C, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; r++) {
        const float *__restrict xr = x + r * C, *__restrict d = dy + r * C, *__restrict m = mean;
        const float *__restrict yr = masked ? y + r * C : nullptr;
        float *__restrict o = dx + r * C;
        for (int c = 0; c < C; c++) {
          float gc = d[c];
          if constexpr (masked) gc *= (float)(yr[c] > 0.0f);
          o[c] = k[c] * gc - b[c] - a[c] * (xr[c] - m[c]);
        }
      }
    });
  };
  if (y != nullptr) run(std::true_type{});
  else run(std::false_type{});
  return info.Env().Undefined();
}

// adamUpdate(value, m, v, gradient, correction1, correction2, beta1, beta2, epsilon, learningRate,
// newValue, newM, newV): one Adam step in one pass, in the order of TF.js's AdamOptimizer:
// m' = m b1 + g (1 - b1), v' = v b2 + g^2 (1 - b2),
// value' = (m' / c1) / (sqrt(v' / c2) + epsilon) (-lr) + value, with c = 1 - beta^t (float32 scalars).
Napi::Value AdamUpdate(const Napi::CallbackInfo &info) {
  Napi::Float32Array valueArray = info[0].As<Napi::Float32Array>();
  const float *value = valueArray.Data(), *m = F32(info[1]), *v = F32(info[2]), *g = F32(info[3]);
  const float c1 = F32(info[4])[0], c2 = F32(info[5])[0];
  const double beta1 = info[6].As<Napi::Number>().DoubleValue(), beta2 = info[7].As<Napi::Number>().DoubleValue();
  const float b1 = (float)beta1, b2 = (float)beta2, rest1 = (float)(1.0 - beta1), rest2 = (float)(1.0 - beta2);
  const float eps = info[8].As<Napi::Number>().FloatValue(), step = (float)-info[9].As<Napi::Number>().DoubleValue();
  float *__restrict outValue = F32(info[10]), *__restrict outM = F32(info[11]), *__restrict outV = F32(info[12]);
  size_t n = valueArray.ElementLength();
  parallelRanges(n, n, [&](int64_t begin, int64_t end) {
    for (int64_t i = begin; i < end; i++) {
      float gi = g[i];
      float mi = m[i] * b1 + gi * rest1;
      float vi = v[i] * b2 + (gi * gi) * rest2;
      outM[i] = mi;
      outV[i] = vi;
      outValue[i] = (mi / c1) / (std::sqrt(vi / c2) + eps) * step + value[i];
    }
  });
  return info.Env().Undefined();
}

enum UnaryOp { RELU, STEP, SQUARE, NEG, SQRT, RSQRT, EXP, SIGMOID, TANH };

template <int OP>
void unaryLoop(const float *__restrict x, float *__restrict out, size_t n, float alpha) {
  for (size_t i = 0; i < n; i++) {
    float v = x[i];
    if (OP == RELU) out[i] = v < 0.0f ? 0.0f : v;
    if (OP == STEP) out[i] = v != v ? v : (v > 0.0f ? 1.0f : alpha);
    if (OP == SQUARE) out[i] = v * v;
    if (OP == NEG) out[i] = -v;
    if (OP == SQRT) out[i] = std::sqrt(v);
    if (OP == RSQRT) out[i] = 1.0f / std::sqrt(v);
    if (OP == EXP) out[i] = fastExp(v);
    if (OP == SIGMOID) out[i] = sigmoid(v);
    if (OP == TANH) out[i] = fastTanh(v);
  }
}

// unary(op, x, out, alpha): elementwise functions (alpha is Step's value for x <= 0).
Napi::Value Unary(const Napi::CallbackInfo &info) {
  int op = I(info[0]);
  Napi::Float32Array xa = info[1].As<Napi::Float32Array>();
  const float *x = xa.Data();
  float *out = F32(info[2]);
  float alpha = info[3].As<Napi::Number>().FloatValue();
  size_t n = xa.ElementLength();
  parallelRanges(n, n, [&](int64_t begin, int64_t end) {
    const float *xs = x + begin;
    float *os = out + begin;
    size_t count = end - begin;
    switch (op) {
      case RELU: unaryLoop<RELU>(xs, os, count, alpha); break;
      case STEP: unaryLoop<STEP>(xs, os, count, alpha); break;
      case SQUARE: unaryLoop<SQUARE>(xs, os, count, alpha); break;
      case NEG: unaryLoop<NEG>(xs, os, count, alpha); break;
      case SQRT: unaryLoop<SQRT>(xs, os, count, alpha); break;
      case RSQRT: unaryLoop<RSQRT>(xs, os, count, alpha); break;
      case EXP: unaryLoop<EXP>(xs, os, count, alpha); break;
      case SIGMOID: unaryLoop<SIGMOID>(xs, os, count, alpha); break;
      default: unaryLoop<TANH>(xs, os, count, alpha); break;
    }
  });
  return info.Env().Undefined();
}

// useOneDnn(on): switches oneDNN's convolutions on or off; returns whether they are built in.
Napi::Value UseOneDnn(const Napi::CallbackInfo &info) {
  return Napi::Boolean::New(info.Env(), dnnlConvUse(B(info[0])));
}

Napi::Value SetThreads(const Napi::CallbackInfo &info) {
  omp_set_num_threads(I(info[0]));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  openblas_set_num_threads(1);  // gemm shares products between OpenMP's threads itself
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("gruSequence", Napi::Function::New(env, GruSequence));
  exports.Set("gruSequenceGrad", Napi::Function::New(env, GruSequenceGrad));
  exports.Set("gruDecode", Napi::Function::New(env, GruDecode));
  exports.Set("gruDecodeGrad", Napi::Function::New(env, GruDecodeGrad));
  exports.Set("copy", Napi::Function::New(env, Copy));
  exports.Set("binary", Napi::Function::New(env, Binary));
  exports.Set("unary", Napi::Function::New(env, Unary));
  exports.Set("batchNorm", Napi::Function::New(env, BatchNorm));
  exports.Set("batchNormGrad", Napi::Function::New(env, BatchNormGrad));
  exports.Set("sum", Napi::Function::New(env, Sum));
  exports.Set("batchNormTrain", Napi::Function::New(env, BatchNormTrain));
  exports.Set("adamUpdate", Napi::Function::New(env, AdamUpdate));
  exports.Set("batchNormTrainGrad", Napi::Function::New(env, BatchNormTrainGrad));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  exports.Set("useOneDnn", Napi::Function::New(env, UseOneDnn));
  return exports;
}

}  // namespace

NODE_API_MODULE(tempora_native, Init)
