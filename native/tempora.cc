// Tempora's native kernels: the heavy float32 work of training (matrix products, Conv1D/Conv2D
// forward and both backward passes, whole GRU sequences and the DTCR feedback decoder with their
// backward passes) over OpenBLAS sgemm. Hand-written because no Debian library offers fused GRU
// training kernels with PyTorch's gate convention; everything with a matrix product goes to BLAS.
//
// Every function takes Float32Arrays (inputs and preallocated outputs) and integers; JavaScript
// owns all memory, so there is nothing to free here.
#include <napi.h>
#include <cblas.h>

#include <algorithm>
#include <cmath>
#include <cstring>
#include <vector>

namespace {

float *F32(const Napi::Value &v) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  Napi::Float32Array a = v.As<Napi::Float32Array>();
  return a.Data();
}
int I(const Napi::Value &v) { return v.As<Napi::Number>().Int32Value(); }
bool B(const Napi::Value &v) { return v.As<Napi::Boolean>().Value(); }

inline float sigmoid(float x) { return 1.0f / (1.0f + std::exp(-x)); }

void gemm(bool ta, bool tb, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float beta,
          float *c, int ldc) {
  if (m == 0 || n == 0) return;
  if (k == 0) {
    for (int i = 0; i < m; i++)
      for (int j = 0; j < n; j++) c[i * ldc + j] *= beta;
    return;
  }
  cblas_sgemm(CblasRowMajor, ta ? CblasTrans : CblasNoTrans, tb ? CblasTrans : CblasNoTrans, m, n, k, 1.0f, a, lda,
              b, ldb, beta, c, ldc);
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

// Geometry of an NHWC convolution with an HWIO filter.
struct Conv {
  int n, h, w, cin, kh, kw, cout, oh, ow, sh, sw, pt, pl, dh, dw;
  size_t colWidth() const { return (size_t)kh * kw * cin; }
};

Conv readConv(const Napi::CallbackInfo &info, int first) {
  Conv c;
  int *f[] = {&c.n, &c.h, &c.w, &c.cin, &c.kh, &c.kw, &c.cout, &c.oh, &c.ow, &c.sh, &c.sw, &c.pt, &c.pl, &c.dh, &c.dw};
  for (int i = 0; i < 15; i++) *f[i] = I(info[first + i]);
  return c;
}

// Rows of the im2col matrix for images [i0, i0+count): one row per output pixel, kh*kw*cin columns.
void im2col(const Conv &c, const float *x, int i0, int count, float *cols) {
  size_t cw = c.colWidth();
  for (int i = 0; i < count; i++) {
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
}

// Adds the im2col rows back onto images [i0, i0+count) of dx (the adjoint of im2col).
void col2im(const Conv &c, const float *cols, int i0, int count, float *dx) {
  size_t cw = c.colWidth();
  for (int i = 0; i < count; i++) {
    float *img = dx + (size_t)(i0 + i) * c.h * c.w * c.cin;
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
}

bool isPointwise(const Conv &c) {
  return c.kh == 1 && c.kw == 1 && c.sh == 1 && c.sw == 1 && c.pt == 0 && c.pl == 0 && c.oh == c.h && c.ow == c.w;
}

// Images per im2col chunk: bounded scratch (about 16 MB) while keeping products large.
int chunkImages(const Conv &c) {
  size_t perImage = (size_t)c.oh * c.ow * c.colWidth();
  size_t limit = (size_t)4 << 20;
  return (int)std::max<size_t>(1, std::min<size_t>(c.n, perImage ? limit / perImage : c.n));
}

// conv2d(x, filter, y, geometry...): y = conv(x, filter), NHWC / HWIO.
Napi::Value Conv2D(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *w = F32(info[1]);
  float *y = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (isPointwise(c)) {
    gemm(false, false, c.n * pix, c.cout, c.cin, x, c.cin, w, c.cout, 0.0f, y, c.cout);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  std::vector<float> cols((size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols.data());
    gemm(false, false, cnt * pix, c.cout, c.colWidth(), cols.data(), c.colWidth(), w, c.cout, 0.0f,
         y + (size_t)i0 * pix * c.cout, c.cout);
  }
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, filter, dx, geometry...): dx = adjoint of the convolution applied to dy.
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo &info) {
  const float *dy = F32(info[0]), *w = F32(info[1]);
  float *dx = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (isPointwise(c)) {
    gemm(false, true, c.n * pix, c.cin, c.cout, dy, c.cout, w, c.cout, 0.0f, dx, c.cin);
    return info.Env().Undefined();
  }
  std::memset(dx, 0, sizeof(float) * (size_t)c.n * c.h * c.w * c.cin);
  int chunk = chunkImages(c);
  std::vector<float> cols((size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    gemm(false, true, cnt * pix, c.colWidth(), c.cout, dy + (size_t)i0 * pix * c.cout, c.cout, w, c.cout, 0.0f,
         cols.data(), c.colWidth());
    col2im(c, cols.data(), i0, cnt, dx);
  }
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry...): dw = gradient of the filter.
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *dy = F32(info[1]);
  float *dw = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (isPointwise(c)) {
    gemm(true, false, c.cin, c.cout, c.n * pix, x, c.cin, dy, c.cout, 0.0f, dw, c.cout);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  std::vector<float> cols((size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols.data());
    gemm(true, false, c.colWidth(), c.cout, cnt * pix, cols.data(), c.colWidth(), dy + (size_t)i0 * pix * c.cout,
         c.cout, i0 == 0 ? 0.0f : 1.0f, dw, c.cout);
  }
  if (c.n == 0) std::memset(dw, 0, sizeof(float) * c.colWidth() * c.cout);
  return info.Env().Undefined();
}

// One GRU cell over a batch, PyTorch convention (gates r, z, n; two biases). xa: input part of the
// gates with its bias, row stride xs; hp: previous state, row stride hps; g: h_prev Wh (+bh added
// here). Writes the new state (row stride hs) and the gates r, z, n, hn per row into gates[4H].
void cellForward(int batch, int H, const float *xa, size_t xs, const float *hp, size_t hps, const float *g,
                 const float *bh, float *h, size_t hs, float *gates) {
  for (int b = 0; b < batch; b++) {
    const float *xr = xa + b * xs, *gr = g + (size_t)b * 3 * H, *hpr = hp + b * hps;
    float *hr = h + b * hs, *gt = gates + (size_t)b * 4 * H;
    for (int j = 0; j < H; j++) {
      float r = sigmoid(xr[j] + gr[j] + bh[j]);
      float z = sigmoid(xr[H + j] + gr[H + j] + bh[H + j]);
      float hn = gr[2 * H + j] + bh[2 * H + j];
      float n = std::tanh(xr[2 * H + j] + r * hn);
      hr[j] = (1.0f - z) * n + z * hpr[j];
      gt[j] = r;
      gt[H + j] = z;
      gt[2 * H + j] = n;
      gt[3 * H + j] = hn;
    }
  }
}

// Backward of cellForward for one step: dh (row stride dhs) is the gradient of the new state;
// writes the input-gate gradients da (row stride das), the recurrent-gate gradients db (row
// stride dbs), and the direct part z*dh of the previous state's gradient into dprev [B,H].
void cellBackward(int batch, int H, const float *dh, size_t dhs, const float *hp, size_t hps, const float *gates,
                  float *da, size_t das, float *db, size_t dbs, float *dprev) {
  for (int b = 0; b < batch; b++) {
    const float *g = dh + b * dhs, *hpr = hp + b * hps, *gt = gates + (size_t)b * 4 * H;
    float *dar = da + b * das, *dbr = db + b * dbs, *dp = dprev + (size_t)b * H;
    for (int j = 0; j < H; j++) {
      float r = gt[j], z = gt[H + j], n = gt[2 * H + j], hn = gt[3 * H + j];
      float gj = g[j];
      float dn = gj * (1.0f - z) * (1.0f - n * n);
      float dz = gj * (hpr[j] - n) * z * (1.0f - z);
      float dr = dn * hn * r * (1.0f - r);
      dar[j] = dr;
      dar[H + j] = dz;
      dar[2 * H + j] = dn;
      dbr[j] = dr;
      dbr[H + j] = dz;
      dbr[2 * H + j] = dn * r;
      dp[j] = gj * z;
    }
  }
}

// gruSequence(x, h0, Wx, Wh, bx, bh, B, T, F, H, hs, gates): hs [B,T,H] all states; gates [T,B,4H].
Napi::Value GruSequence(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *bx = F32(info[4]),
              *bh = F32(info[5]);
  int B_ = I(info[6]), T = I(info[7]), F = I(info[8]), H = I(info[9]);
  float *hs = F32(info[10]), *gates = F32(info[11]);
  size_t G = 3 * (size_t)H;
  std::vector<float> xa((size_t)B_ * T * G), g((size_t)B_ * G);
  for (size_t i = 0; i < (size_t)B_ * T; i++) std::memcpy(xa.data() + i * G, bx, sizeof(float) * G);
  gemm(false, false, B_ * T, G, F, x, F, wx, G, 1.0f, xa.data(), G);
  for (int t = 0; t < T; t++) {
    const float *hp = t == 0 ? h0 : hs + (size_t)(t - 1) * H;
    size_t hps = t == 0 ? H : (size_t)T * H;
    gemm(false, false, B_, G, H, hp, hps, wh, G, 0.0f, g.data(), G);
    cellForward(B_, H, xa.data() + t * G, T * G, hp, hps, g.data(), bh, hs + (size_t)t * H, (size_t)T * H,
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
  std::vector<float> da(rows * G), db(rows * G), hprev(rows * H), carry((size_t)B_ * H, 0.0f), dh((size_t)B_ * H),
      next((size_t)B_ * H);
  for (int b = 0; b < B_; b++) {
    std::memcpy(hprev.data() + (size_t)b * T * H, h0 + (size_t)b * H, sizeof(float) * H);
    if (T > 1)
      std::memcpy(hprev.data() + ((size_t)b * T + 1) * H, hs + (size_t)b * T * H, sizeof(float) * (T - 1) * H);
  }
  for (int t = T - 1; t >= 0; t--) {
    for (int b = 0; b < B_; b++)
      for (int j = 0; j < H; j++) dh[(size_t)b * H + j] = dhs[((size_t)b * T + t) * H + j] + carry[(size_t)b * H + j];
    cellBackward(B_, H, dh.data(), H, hprev.data() + (size_t)t * H, (size_t)T * H, gates + (size_t)t * B_ * 4 * H,
                 da.data() + t * G, T * G, db.data() + t * G, T * G, next.data());
    gemm(false, true, B_, H, G, db.data() + t * G, T * G, wh, G, 1.0f, next.data(), H);
    std::swap(carry, next);
  }
  std::memcpy(dh0, carry.data(), sizeof(float) * B_ * H);
  gemm(false, true, rows, F, G, da.data(), G, wx, G, 0.0f, dx, F);
  gemm(true, false, F, G, rows, x, F, da.data(), G, 0.0f, dwx, G);
  gemm(true, false, H, G, rows, hprev.data(), H, db.data(), G, 0.0f, dwh, G);
  std::memset(dbx, 0, sizeof(float) * G);
  std::memset(dbh, 0, sizeof(float) * G);
  addColSums(da.data(), rows, G, dbx);
  addColSums(db.data(), rows, G, dbh);
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
  std::vector<float> xa((size_t)B_ * G), g((size_t)B_ * G);
  for (int b = 0; b < B_; b++) u[(size_t)b * S] = x0[b];
  for (int t = 0; t < S; t++) {
    for (int b = 0; b < B_; b++) {
      float ub = u[(size_t)b * S + t];
      for (size_t j = 0; j < G; j++) xa[b * G + j] = ub * wx[j] + bx[j];
    }
    const float *hp = t == 0 ? h0 : hs + (size_t)(t - 1) * H;
    size_t hps = t == 0 ? H : (size_t)S * H;
    gemm(false, false, B_, G, H, hp, hps, wh, G, 0.0f, g.data(), G);
    float *ht = hs + (size_t)t * H;
    cellForward(B_, H, xa.data(), G, hp, hps, g.data(), bh, ht, (size_t)S * H, gates + (size_t)t * B_ * 4 * H);
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
  std::vector<float> da((size_t)B_ * G), db(rows * G), hprev(rows * H), carry((size_t)B_ * H, 0.0f), dh((size_t)B_ * H),
      next((size_t)B_ * H), du(B_, 0.0f);
  for (int b = 0; b < B_; b++) {
    std::memcpy(hprev.data() + (size_t)b * S * H, h0 + (size_t)b * H, sizeof(float) * H);
    if (S > 1)
      std::memcpy(hprev.data() + ((size_t)b * S + 1) * H, hs + (size_t)b * S * H, sizeof(float) * (S - 1) * H);
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
    cellBackward(B_, H, dh.data(), H, hprev.data() + (size_t)t * H, (size_t)S * H, gates + (size_t)t * B_ * 4 * H,
                 da.data(), G, db.data() + t * G, S * G, next.data());
    gemm(false, true, B_, H, G, db.data() + t * G, S * G, wh, G, 1.0f, next.data(), H);
    std::swap(carry, next);
    for (int b = 0; b < B_; b++) {
      const float *dar = da.data() + b * G;
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
  std::memcpy(dh0, carry.data(), sizeof(float) * B_ * H);
  gemm(true, false, H, G, rows, hprev.data(), H, db.data(), G, 0.0f, dwh, G);
  std::memset(dbh, 0, sizeof(float) * G);
  addColSums(db.data(), rows, G, dbh);
  return info.Env().Undefined();
}

Napi::Value SetThreads(const Napi::CallbackInfo &info) {
  openblas_set_num_threads(I(info[0]));
  return info.Env().Undefined();
}

Napi::Object Init(Napi::Env env, Napi::Object exports) {
  exports.Set("batchMatMul", Napi::Function::New(env, BatchMatMul));
  exports.Set("conv2d", Napi::Function::New(env, Conv2D));
  exports.Set("conv2dBackpropInput", Napi::Function::New(env, Conv2DBackpropInput));
  exports.Set("conv2dBackpropFilter", Napi::Function::New(env, Conv2DBackpropFilter));
  exports.Set("gruSequence", Napi::Function::New(env, GruSequence));
  exports.Set("gruSequenceGrad", Napi::Function::New(env, GruSequenceGrad));
  exports.Set("gruDecode", Napi::Function::New(env, GruDecode));
  exports.Set("gruDecodeGrad", Napi::Function::New(env, GruDecodeGrad));
  exports.Set("setThreads", Napi::Function::New(env, SetThreads));
  return exports;
}

}  // namespace

NODE_API_MODULE(tempora_native, Init)
