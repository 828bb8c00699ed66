// Whole GRU sequences and DTCR's decoder fed its own output (PyTorch's gate convention), with
// their backward passes: one sgemm per time step for the recurrent products, the gates in
// vectorised loops.
#include "kernels.h"

namespace tempora {
namespace {

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

// Column sums of a [rows, cols] matrix added into out[cols].
void addColSums(const float *a, int rows, int cols, float *out) {
  for (int i = 0; i < rows; i++) {
    const float *row = a + (size_t)i * cols;
    for (int j = 0; j < cols; j++) out[j] += row[j];
  }
}

}  // namespace

// The order of a dilated, possibly time-reversed recurrence over T steps: the state at step t is
// computed from the state at source(t) = t - d (t + d when reversed), or from h0 when that is
// outside [0, T); steps run in an order that computes every source before it is read.
struct Recurrence {
  int T, d;
  bool reverse;
  int step(int k) const { return reverse ? T - 1 - k : k; }  // the k-th step computed
  int source(int t) const { return reverse ? t + d : t - d; }
  bool fromH0(int t) const { return reverse ? t + d >= T : t < d; }
  int chains() const { return std::min(d, T); }
  int chain(int t) const { return t % d; }  // distinct for the d steps of a block

  // Runs run(k) for k = 0..T-1 (T-1..0 when backwards) a block of d at a time: the d steps of a
  // block read only the block before (after), so they are shared between threads when their
  // recurrent products (stepWork multiply-adds each) are large enough; d = 1 runs one step at a time.
  template <typename Step>
  void inBlocks(bool backwards, size_t stepWork, Step run) const {
    int blocks = (T + d - 1) / d;
    for (int i = 0; i < blocks; i++) {
      int begin = (backwards ? blocks - 1 - i : i) * d, end = std::min(begin + d, T);
      parallelRanges(end - begin, stepWork * (end - begin), [&](int64_t first, int64_t last) {
        for (int64_t k = begin + first; k < begin + last; k++) run((int)k);
      });
    }
  }
};

// gruSequence(x, h0, Wx, Wh, bx, bh, B, T, F, H, d, reverse, hs, gates): hs [B,T,H] all states in
// time order; gates [T,B,4H]. Chains t, t+d, t+2d, ... never meet, so dilation needs no re-layout.
Napi::Value GruSequence(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *bx = F32(info[4]),
              *bh = F32(info[5]);
  int B_ = I(info[6]), T = I(info[7]), F = I(info[8]), H = I(info[9]);
  Recurrence rec{T, I(info[10]), B(info[11])};
  float *hs = F32(info[12]), *gates = F32(info[13]);
  size_t G = 3 * (size_t)H;
  float *xa = scratch(0, (size_t)B_ * T * G), *gs = scratch(1, rec.chains() * B_ * G);
  for (size_t i = 0; i < (size_t)B_ * T; i++) std::memcpy(xa + i * G, bx, sizeof(float) * G);
  gemm(false, false, B_ * T, G, F, x, F, wx, G, 1.0f, xa, G);
  rec.inBlocks(false, B_ * G * H, [&](int k) {
    int t = rec.step(k);
    bool first = rec.fromH0(t);
    const float *hp = first ? h0 : hs + (size_t)rec.source(t) * H;
    size_t hps = first ? H : (size_t)T * H;
    float *g = gs + (size_t)rec.chain(t) * B_ * G;
    gemm(false, false, B_, G, H, hp, hps, wh, G, 0.0f, g, G);
    cellForward(B_, H, xa + t * G, T * G, hp, hps, g, bh, hs + (size_t)t * H, (size_t)T * H,
                gates + (size_t)t * B_ * 4 * H);
  });
  return info.Env().Undefined();
}

// gruSequenceGrad(x, h0, Wx, Wh, hs, gates, dhs, B, T, F, H, d, reverse, dx, dh0, dWx, dWh, dbx, dbh).
Napi::Value GruSequenceGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *h0 = F32(info[1]), *wx = F32(info[2]), *wh = F32(info[3]), *hs = F32(info[4]),
              *gates = F32(info[5]), *dhs = F32(info[6]);
  int B_ = I(info[7]), T = I(info[8]), F = I(info[9]), H = I(info[10]);
  Recurrence rec{T, I(info[11]), B(info[12])};
  float *dx = F32(info[13]), *dh0 = F32(info[14]), *dwx = F32(info[15]), *dwh = F32(info[16]), *dbx = F32(info[17]),
        *dbh = F32(info[18]);
  size_t G = 3 * (size_t)H, rows = (size_t)B_ * T, BH = (size_t)B_ * H;
  // One [B,H] slot per chain (t mod d) of carry, the gradient reaching the chain's next state to
  // visit from the step after it (when the chain is done, the gradient of h0 through that chain),
  // and of dh, the whole gradient of the state being visited.
  int chains = rec.chains();
  float *da = scratch(0, rows * G), *db = scratch(1, rows * G), *hprev = scratch(2, rows * H),
        *carry = scratch(3, chains * BH), *dhSlots = scratch(4, chains * BH);
  std::memset(carry, 0, sizeof(float) * chains * BH);
  // hprev [B,T,H]: the state each step read.
  int fromHs = std::max(T - rec.d, 0);
  for (int b = 0; b < B_; b++) {
    float *row = hprev + (size_t)b * T * H;
    const float *hb = hs + (size_t)b * T * H;
    float *h0Steps = rec.reverse ? row + (size_t)fromHs * H : row;
    for (int t = 0; t < T - fromHs; t++) std::memcpy(h0Steps + (size_t)t * H, h0 + (size_t)b * H, sizeof(float) * H);
    if (fromHs > 0)
      std::memcpy(rec.reverse ? row : row + (size_t)rec.d * H, rec.reverse ? hb + (size_t)rec.d * H : hb,
                  sizeof(float) * fromHs * H);
  }
  rec.inBlocks(true, B_ * G * H, [&](int k) {
    int t = rec.step(k);
    float *c = carry + (size_t)rec.chain(t) * BH, *dh = dhSlots + (size_t)rec.chain(t) * BH;
    for (int b = 0; b < B_; b++) {
      const float *__restrict src = dhs + ((size_t)b * T + t) * H, *__restrict cb = c + (size_t)b * H;
      float *__restrict dst = dh + (size_t)b * H;
      for (int j = 0; j < H; j++) dst[j] = src[j] + cb[j];
    }
    cellBackward(B_, H, dh, H, hprev + (size_t)t * H, (size_t)T * H, gates + (size_t)t * B_ * 4 * H, da + t * G,
                 T * G, db + t * G, T * G, c);
    gemm(false, true, B_, H, G, db + t * G, T * G, wh, G, 1.0f, c, H);
  });
  std::memcpy(dh0, carry, sizeof(float) * BH);
  for (int chain = 1; chain < chains; chain++) {
    const float *__restrict c = carry + (size_t)chain * BH;
    for (size_t i = 0; i < BH; i++) dh0[i] += c[i];
  }
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

}  // namespace tempora
