// Sum and mean reductions of float32 tensors, accumulated in double.
#include "kernels.h"

namespace tempora {
namespace {

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

}  // namespace

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

}  // namespace tempora
