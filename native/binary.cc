// Broadcasting binary arithmetic of float32 tensors.
#include "kernels.h"

namespace tempora {
namespace {

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

}  // namespace

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

}  // namespace tempora
