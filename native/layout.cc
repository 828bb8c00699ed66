// Layout changes of 4-byte tensors (transpose, reverse, slice, tile, pad, concat): one strided copy.
#include "kernels.h"

namespace tempora {
namespace {

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
uint32_t *words(const Napi::Value &v) {
  Napi::TypedArray a = v.As<Napi::TypedArray>();
  return reinterpret_cast<uint32_t *>(static_cast<uint8_t *>(a.ArrayBuffer().Data()) + a.ByteOffset());
}

}  // namespace

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

}  // namespace tempora
