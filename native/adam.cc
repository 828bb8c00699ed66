// One Adam step per parameter in one pass.
#include "kernels.h"

namespace tempora {

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

}  // namespace tempora
