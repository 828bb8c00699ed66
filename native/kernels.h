// Shared by every kernel family of Tempora's native addon (one .cc file per family): argument
// readers, the split of loops between OpenMP's threads, the sgemm wrapper, scratch memory, fast
// float functions, the operation codes that the TypeScript side mirrors, and each family's entry
// points, which addon.cc exports.
//
// Every entry point takes typed arrays (inputs and preallocated outputs) and integers; JavaScript
// owns all memory, so there is nothing to free here. Loops over large arrays and large products are
// shared between OpenMP's threads (setThreads); OpenBLAS itself runs single-threaded. Every entry
// point runs with subnormal floats flushed to zero (addon.cc).
#pragma once
#include <napi.h>
#include <omp.h>

#include <algorithm>
#include <cmath>
#include <cstdint>
#include <cstring>
#include <vector>

namespace tempora {

inline float *F32(const Napi::Value &v) {
  if (v.IsNull() || v.IsUndefined()) return nullptr;
  return v.As<Napi::Float32Array>().Data();
}
inline double *F64(const Napi::Value &v) { return v.As<Napi::Float64Array>().Data(); }
inline int I(const Napi::Value &v) { return v.As<Napi::Number>().Int32Value(); }
inline bool B(const Napi::Value &v) { return v.As<Napi::Boolean>().Value(); }
inline std::vector<int64_t> int64s(const Napi::Value &v) {
  Napi::Array a = v.As<Napi::Array>();
  std::vector<int64_t> out(a.Length());
  for (uint32_t i = 0; i < a.Length(); i++) out[i] = a.Get(i).As<Napi::Number>().Int64Value();
  return out;
}

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
inline float sigmoid(float x) { return 1.0f / (1.0f + fastExp(-x)); }
inline float fastTanh(float x) { return 2.0f / (1.0f + fastExp(-2.0f * x)) - 1.0f; }

// Scratch memory reused across calls (one buffer per slot 0..7, only ever grown): fresh allocations
// of tens of MB per call cost more in page faults than the arithmetic. addon.cc.
float *scratch(int slot, size_t n);

// c = op(a) op(b) + beta c (row-major) through OpenBLAS, large products split between OpenMP's
// threads. matmul.cc.
void gemm(bool ta, bool tb, int m, int n, int k, const float *a, int lda, const float *b, int ldb, float beta,
          float *c, int ldc);

// Operation codes of `unary` and `binary`: one list each, so the enum and the names exported to
// TypeScript (opCodes, checked by test/backend/op-codes.test.ts) cannot disagree.
#define TEMPORA_UNARY_OPS(X) \
  X(RELU, "relu") X(STEP, "step") X(SQUARE, "square") X(NEG, "neg") X(SQRT, "sqrt") X(RSQRT, "rsqrt") \
  X(EXP, "exp") X(SIGMOID, "sigmoid") X(TANH, "tanh")
// RELU_GRAD: a * step(b), ReLU's gradient dy * step(x) (step(NaN) is NaN, as TF.js's Step).
#define TEMPORA_BINARY_OPS(X) \
  X(ADD, "add") X(SUB, "sub") X(MUL, "mul") X(DIV, "div") X(SQUARED_DIFFERENCE, "squaredDifference") \
  X(MAXIMUM, "maximum") X(MINIMUM, "minimum") X(RELU_GRAD, "reluGrad")
#define TEMPORA_ENUM_ENTRY(name, text) name,
enum UnaryOp { TEMPORA_UNARY_OPS(TEMPORA_ENUM_ENTRY) };
enum BinaryOp { TEMPORA_BINARY_OPS(TEMPORA_ENUM_ENTRY) };
#undef TEMPORA_ENUM_ENTRY

// Entry points, by family (each family's file documents its arguments).
using Kernel = Napi::Value (*)(const Napi::CallbackInfo &);
Napi::Value BatchMatMul(const Napi::CallbackInfo &info);          // matmul.cc
Napi::Value Conv2D(const Napi::CallbackInfo &info);               // conv.cc
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo &info);  // conv.cc
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo &info); // conv.cc
Napi::Value UseOneDnn(const Napi::CallbackInfo &info);            // conv.cc
Napi::Value GruSequence(const Napi::CallbackInfo &info);          // gru.cc
Napi::Value GruSequenceGrad(const Napi::CallbackInfo &info);      // gru.cc
Napi::Value GruDecode(const Napi::CallbackInfo &info);            // gru.cc
Napi::Value GruDecodeGrad(const Napi::CallbackInfo &info);        // gru.cc
Napi::Value LstmSequence(const Napi::CallbackInfo &info);         // lstm.cc
Napi::Value LstmSequenceGrad(const Napi::CallbackInfo &info);     // lstm.cc
Napi::Value MaxPoolTime(const Napi::CallbackInfo &info);          // pool.cc
Napi::Value MaxPoolTimeGrad(const Napi::CallbackInfo &info);      // pool.cc
Napi::Value Copy(const Napi::CallbackInfo &info);                 // layout.cc
Napi::Value Binary(const Napi::CallbackInfo &info);               // binary.cc
Napi::Value Unary(const Napi::CallbackInfo &info);                // unary.cc
Napi::Value Sum(const Napi::CallbackInfo &info);                  // reduce.cc
Napi::Value BatchNorm(const Napi::CallbackInfo &info);            // batchnorm.cc
Napi::Value BatchNormGrad(const Napi::CallbackInfo &info);        // batchnorm.cc
Napi::Value BatchNormTrain(const Napi::CallbackInfo &info);       // batchnorm.cc
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo &info);   // batchnorm.cc
Napi::Value AdamUpdate(const Napi::CallbackInfo &info);           // adam.cc
Napi::Value MixtureDiagLogDensities(const Napi::CallbackInfo &info);  // mixture.cc
Napi::Value MixtureFullLogDensities(const Napi::CallbackInfo &info);  // mixture.cc
Napi::Value MixtureMoments(const Napi::CallbackInfo &info);           // mixture.cc
Napi::Value MixtureFullCovariances(const Napi::CallbackInfo &info);   // mixture.cc
Napi::Value InverseCholesky(const Napi::CallbackInfo &info);          // mixture.cc
Napi::Value SquaredDistances(const Napi::CallbackInfo &info);         // distances.cc

}  // namespace tempora
