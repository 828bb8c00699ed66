// Whole LSTM sequences from a zero state and cell (Keras's convention: one bias, gates i, f, g, o;
// see src/nn/lstm.ts), and their backward pass: one sgemm for every step's input projection, one
// per time step for the recurrent product, the gates in vectorised loops.
#include "kernels.h"

namespace tempora {
namespace {

// Per row and step, the forward pass keeps 5H values for the backward pass: the activated gates
// i, f, g, o and tanh(c).
constexpr size_t KEPT = 5;

// One row of cellForward; separate so that the compiler vectorises it over j. a: the gates'
// pre-activations i|f|g|o; cp: the previous cell.
void cellRow(int H, const float *__restrict a, const float *__restrict cp, float *__restrict c, float *__restrict h,
             float *__restrict kept) {
  for (int j = 0; j < H; j++) {
    float i = sigmoid(a[j]);
    float f = sigmoid(a[H + j]);
    float g = fastTanh(a[2 * H + j]);
    float o = sigmoid(a[3 * H + j]);
    float cj = f * cp[j] + i * g;
    float tc = fastTanh(cj);
    c[j] = cj;
    h[j] = o * tc;
    kept[j] = i;
    kept[H + j] = f;
    kept[2 * H + j] = g;
    kept[3 * H + j] = o;
    kept[4 * H + j] = tc;
  }
}

// One step over the batch. a: pre-activations (row stride as); cp: previous cells (row stride
// cps, 0 for the zero cell); writes cells, states (row stride hs) and the kept values (stride ks).
void cellForward(int batch, int H, const float *a, size_t as, const float *cp, size_t cps, float *c, float *h,
                 size_t hs, float *kept, size_t ks) {
  parallelRanges(batch, (size_t)batch * H * KEPT, [&](int64_t begin, int64_t end) {
    for (int b = (int)begin; b < (int)end; b++) cellRow(H, a + b * as, cp + b * cps, c + b * hs, h + b * hs, kept + b * ks);
  });
}

// One row of cellBackward; separate so that the compiler vectorises it over j. dh: the state's
// gradient from above, dhr: from the next step (zero at the last step); dc: the cell's gradient
// from the next step, replaced by the previous cell's; writes the pre-activations' gradients da.
void cellBackRow(int H, const float *__restrict dh, const float *__restrict dhr, const float *__restrict kept,
                 const float *__restrict cp, float *__restrict dc, float *__restrict da) {
  for (int j = 0; j < H; j++) {
    float i = kept[j], f = kept[H + j], g = kept[2 * H + j], o = kept[3 * H + j], tc = kept[4 * H + j];
    float gh = dh[j] + dhr[j];
    float gc = dc[j] + gh * o * (1.0f - tc * tc);
    da[j] = gc * g * i * (1.0f - i);
    da[H + j] = gc * cp[j] * f * (1.0f - f);
    da[2 * H + j] = gc * i * (1.0f - g * g);
    da[3 * H + j] = gh * tc * o * (1.0f - o);
    dc[j] = gc * f;
  }
}

void cellBackward(int batch, int H, const float *dh, size_t dhs, const float *dhr, const float *kept, size_t ks,
                  const float *cp, size_t cps, float *dc, float *da, size_t das) {
  parallelRanges(batch, (size_t)batch * H * KEPT, [&](int64_t begin, int64_t end) {
    for (int b = (int)begin; b < (int)end; b++) {
      cellBackRow(H, dh + b * dhs, dhr + (size_t)b * H, kept + b * ks, cp + b * cps,
                  dc + (size_t)b * H, da + b * das);
    }
  });
}

}  // namespace

// lstmSequence(x, Wx, Wh, bias, B, T, F, H, hs, cs, kept): hs and cs [B,T,H] every state and
// cell; kept [B,T,5H] what lstmSequenceGrad reuses.
Napi::Value LstmSequence(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *wx = F32(info[1]), *wh = F32(info[2]), *bias = F32(info[3]);
  int B_ = I(info[4]), T = I(info[5]), F = I(info[6]), H = I(info[7]);
  float *hs = F32(info[8]), *cs = F32(info[9]), *kept = F32(info[10]);
  size_t G = 4 * (size_t)H, rows = (size_t)B_ * T;
  float *a = scratch(0, rows * G), *zero = scratch(1, H);
  std::memset(zero, 0, sizeof(float) * H);
  for (size_t r = 0; r < rows; r++) std::memcpy(a + r * G, bias, sizeof(float) * G);
  gemm(false, false, rows, G, F, x, F, wx, G, 1.0f, a, G);
  for (int t = 0; t < T; t++) {
    // The zero state adds nothing at the first step.
    if (t > 0) gemm(false, false, B_, G, H, hs + (size_t)(t - 1) * H, T * H, wh, G, 1.0f, a + t * G, T * G);
    const float *cp = t == 0 ? zero : cs + (size_t)(t - 1) * H;
    cellForward(B_, H, a + t * G, T * G, cp, t == 0 ? 0 : (size_t)T * H, cs + (size_t)t * H, hs + (size_t)t * H,
                (size_t)T * H, kept + t * KEPT * H, T * KEPT * H);
  }
  return info.Env().Undefined();
}

// lstmSequenceGrad(x, Wx, Wh, hs, cs, kept, dhs, B, T, F, H, dx, dWx, dWh, dbias).
Napi::Value LstmSequenceGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *wx = F32(info[1]), *wh = F32(info[2]), *hs = F32(info[3]), *cs = F32(info[4]),
              *kept = F32(info[5]), *dhs = F32(info[6]);
  int B_ = I(info[7]), T = I(info[8]), F = I(info[9]), H = I(info[10]);
  float *dx = F32(info[11]), *dwx = F32(info[12]), *dwh = F32(info[13]), *dbias = F32(info[14]);
  size_t G = 4 * (size_t)H, rows = (size_t)B_ * T;
  float *da = scratch(0, rows * G), *hprev = scratch(1, rows * H), *dc = scratch(2, (size_t)B_ * H),
        *dhr = scratch(3, (size_t)B_ * H), *zero = scratch(4, H);
  std::memset(zero, 0, sizeof(float) * H);
  std::memset(dc, 0, sizeof(float) * B_ * H);
  std::memset(dhr, 0, sizeof(float) * B_ * H);
  // Each step's previous state, the zero state first, so that one product gives dWh.
  for (int b = 0; b < B_; b++) {
    std::memset(hprev + (size_t)b * T * H, 0, sizeof(float) * H);
    if (T > 1) std::memcpy(hprev + ((size_t)b * T + 1) * H, hs + (size_t)b * T * H, sizeof(float) * (T - 1) * H);
  }
  for (int t = T - 1; t >= 0; t--) {
    const float *cp = t == 0 ? zero : cs + (size_t)(t - 1) * H;
    cellBackward(B_, H, dhs + (size_t)t * H, (size_t)T * H, dhr, kept + t * KEPT * H,
                 T * KEPT * H, cp, t == 0 ? 0 : (size_t)T * H, dc, da + t * G, T * G);
    if (t > 0) gemm(false, true, B_, H, G, da + t * G, T * G, wh, G, 0.0f, dhr, H);
  }
  gemm(false, true, rows, F, G, da, G, wx, G, 0.0f, dx, F);
  gemm(true, false, F, G, rows, x, F, da, G, 0.0f, dwx, G);
  gemm(true, false, H, G, rows, hprev, H, da, G, 0.0f, dwh, G);
  std::memset(dbias, 0, sizeof(float) * G);
  for (size_t r = 0; r < rows; r++) {
    const float *__restrict row = da + r * G;
    for (size_t j = 0; j < G; j++) dbias[j] += row[j];
  }
  return info.Env().Undefined();
}

}  // namespace tempora
