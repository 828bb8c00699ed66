// Elementwise functions of float32 tensors.
#include "kernels.h"

namespace tempora {
namespace {

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

}  // namespace

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

}  // namespace tempora
