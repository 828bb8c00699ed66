// Max pooling over time of x [B,T,C] by P with TF.js's 'same' padding, after a leaky ReLU, and
// its gradient (the contract: MAX_POOL_TIME in src/backend/kernel-names.ts). The L = ceil(T/P)
// windows are P steps apart; the L*P - T missing steps are split as TF.js splits them, floor(half)
// before the first window and the rest after the last, so with two or more missing steps every
// window is shifted back by the steps missing before the first.
//
// Ties: the gradient goes to the first step of the window that holds its maximum, as TF.js's cpu
// backend routes it. NaN: a window holding NaN pools to NaN (as tf.max) and passes no gradient.
#include "kernels.h"

namespace tempora {
namespace {

struct PoolShape {
  int batch, steps, channels, pool, windows, before;
};

PoolShape poolShape(int batch, int steps, int channels, int pool) {
  int windows = (steps + pool - 1) / pool;
  return {batch, steps, channels, pool, windows, (windows * pool - steps) / 2};
}

// The steps [first, end) of window w (w = b * windows + l) that lie inside the series.
struct Window {
  int batch, first, end;
};
Window window(const PoolShape &s, int64_t w) {
  int l = (int)(w % s.windows), start = l * s.pool - s.before;
  return {(int)(w / s.windows), std::max(0, start), std::min(s.steps, start + s.pool)};
}

// The leaky ReLU as src/nn/leaky-relu.ts computes it: x times its derivative, 1 for x > 0, else the
// slope (float32). A slope of 1 is the identity.
inline float leaky(float x, float slope) { return x > 0 ? x : x * slope; }

// For every window w in [begin, end) and channel c, calls found(w, c, max,
// first) with the window's maximum of leaky(x) and the first step t holding it (-1 when NaN).
template <typename Found>
void windowMaxima(const PoolShape &s, const float *x, float slope, int64_t begin, int64_t end, Found found) {
  const int C = s.channels;
  std::vector<float> best(C);
  std::vector<int> first(C);
  for (int64_t w = begin; w < end; w++) {
    Window win = window(s, w);
    const float *row = x + ((size_t)win.batch * s.steps + win.first) * C;
    for (int c = 0; c < C; c++) {
      best[c] = leaky(row[c], slope);
      first[c] = std::isnan(best[c]) ? -1 : win.first;
    }
    for (int t = win.first + 1; t < win.end; t++) {
      row += C;
      for (int c = 0; c < C; c++) {
        float v = leaky(row[c], slope);
        if (first[c] >= 0 && (v > best[c] || std::isnan(v))) {
          best[c] = v;
          first[c] = std::isnan(v) ? -1 : t;
        }
      }
    }
    for (int c = 0; c < C; c++) found(w, c, best[c], first[c]);
  }
}

}  // namespace

// maxPoolTime(x, B, T, C, P, slope, y): y [B,ceil(T/P),C] the maxima of leaky(x) per window.
Napi::Value MaxPoolTime(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]);
  PoolShape s = poolShape(I(info[1]), I(info[2]), I(info[3]), I(info[4]));
  float slope = info[5].As<Napi::Number>().FloatValue();
  float *y = F32(info[6]);
  int64_t windows = (int64_t)s.batch * s.windows;
  parallelRanges(windows, (size_t)s.batch * s.steps * s.channels, [&](int64_t begin, int64_t end) {
    windowMaxima(s, x, slope, begin, end, [&](int64_t w, int c, float max, int) { y[w * s.channels + c] = max; });
  });
  return info.Env().Undefined();
}

// maxPoolTimeGrad(x, dy, B, T, C, P, slope, dx): dx [B,T,C] each window's dy at the first step of
// its maximum, times the leaky ReLU's derivative there, 0 elsewhere.
// The maxima are found again from x, one more pass over it, so nothing is kept between the passes.
Napi::Value MaxPoolTimeGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *dy = F32(info[1]);
  PoolShape s = poolShape(I(info[2]), I(info[3]), I(info[4]), I(info[5]));
  float slope = info[6].As<Napi::Number>().FloatValue();
  float *dx = F32(info[7]);
  const int C = s.channels;
  int64_t windows = (int64_t)s.batch * s.windows;
  parallelRanges(windows, (size_t)s.batch * s.steps * C, [&](int64_t begin, int64_t end) {
    for (int64_t w = begin; w < end; w++) {
      Window win = window(s, w);
      std::memset(dx + ((size_t)win.batch * s.steps + win.first) * C, 0, sizeof(float) * (size_t)(win.end - win.first) * C);
    }
    windowMaxima(s, x, slope, begin, end, [&](int64_t w, int c, float, int first) {
      if (first < 0) return;
      size_t at = ((size_t)(w / s.windows) * s.steps + first) * C + c;
      float g = dy[w * C + c];
      dx[at] = x[at] > 0 ? g : g * slope;
    });
  });
  return info.Env().Undefined();
}

}  // namespace tempora
