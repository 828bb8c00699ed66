// The addon's entry: exports every kernel family's functions (kernels.h), the operation codes,
// the thread count, and the shared scratch memory.
//
// Subnormal floats: a GRU state or gradient that decays towards zero passes through the subnormal
// range, where some CPUs (Intel's Xeons among them) take a hundred times longer per operation.
// Every kernel therefore runs with flush-to-zero and denormals-are-zero set (x86's MXCSR), on
// every thread that computes for it:
// - the JavaScript thread sets them on entry to each kernel and restores its own mode on return,
//   so JavaScript's arithmetic outside the kernels keeps IEEE subnormals (V8 computes with SSE on
//   this thread, and a process-wide flush would change what JavaScript programs compute);
// - OpenMP's workers run nothing but these kernels (and oneDNN's, inside them), so they keep the
//   flush for good: it is set in each worker once the pool exists and again when the thread
//   count changes; threads the pool adds later start inside a kernel and inherit the mode of the
//   thread that creates them.
#include "kernels.h"

#include <cblas.h>

#if defined(__SSE__)
#include <xmmintrin.h>
#endif

namespace tempora {
namespace {

#if defined(__SSE__)
// MXCSR's flush-to-zero (results) and denormals-are-zero (inputs) bits.
constexpr unsigned FLUSH_BITS = 0x8040;
unsigned readMode() { return _mm_getcsr(); }
void writeMode(unsigned mode) { _mm_setcsr(mode); }
#else
constexpr unsigned FLUSH_BITS = 0;
unsigned readMode() { return 0; }
void writeMode(unsigned) {}
#endif

// Flushes subnormals on this thread for its lifetime, then restores the thread's previous mode.
class FlushSubnormals {
 public:
  FlushSubnormals() : saved_(readMode()) { writeMode(saved_ | FLUSH_BITS); }
  ~FlushSubnormals() { writeMode(saved_); }
  FlushSubnormals(const FlushSubnormals &) = delete;
  FlushSubnormals &operator=(const FlushSubnormals &) = delete;

 private:
  unsigned saved_;
};

// Sets the flush for good in every worker of OpenMP's pool (the calling thread, the pool's master,
// only for the duration).
void flushInWorkers() {
  FlushSubnormals caller;
#pragma omp parallel num_threads(omp_get_max_threads())
  writeMode(readMode() | FLUSH_BITS);
}

template <Kernel K>
Napi::Value flushed(const Napi::CallbackInfo &info) {
  FlushSubnormals guard;
  return K(info);
}

// setThreads(n): OpenMP's thread count for every later kernel.
Napi::Value SetThreads(const Napi::CallbackInfo &info) {
  omp_set_num_threads(std::max(1, I(info[0])));
  flushInWorkers();
  return info.Env().Undefined();
}

// Whether this thread flushes subnormals now (the tests check that JavaScript's thread does not
// outside kernels); flushes(true) answers from inside a kernel call, for every OpenMP worker too.
Napi::Value Flushes(const Napi::CallbackInfo &info) {
  auto flushing = [] { return FLUSH_BITS != 0 && (readMode() & FLUSH_BITS) == FLUSH_BITS; };
  if (!B(info[0])) return Napi::Boolean::New(info.Env(), flushing());
  FlushSubnormals guard;
  bool all = true;
#pragma omp parallel num_threads(omp_get_max_threads()) reduction(&& : all)
  all = flushing();
  return Napi::Boolean::New(info.Env(), all);
}

Napi::Array names(Napi::Env env, std::initializer_list<const char *> list) {
  Napi::Array out = Napi::Array::New(env, list.size());
  uint32_t i = 0;
  for (const char *name : list) out.Set(i++, name);
  return out;
}

#define TEMPORA_OP_NAME(name, text) text,

Napi::Object exportAll(Napi::Env env, Napi::Object exports) {
  openblas_set_num_threads(1);  // gemm shares products between OpenMP's threads itself
  flushInWorkers();
  const std::pair<const char *, Napi::Function> functions[] = {
      {"batchMatMul", Napi::Function::New(env, flushed<BatchMatMul>)},
      {"conv2d", Napi::Function::New(env, flushed<Conv2D>)},
      {"conv2dBackpropInput", Napi::Function::New(env, flushed<Conv2DBackpropInput>)},
      {"conv2dBackpropFilter", Napi::Function::New(env, flushed<Conv2DBackpropFilter>)},
      {"gruSequence", Napi::Function::New(env, flushed<GruSequence>)},
      {"gruSequenceGrad", Napi::Function::New(env, flushed<GruSequenceGrad>)},
      {"gruDecode", Napi::Function::New(env, flushed<GruDecode>)},
      {"gruDecodeGrad", Napi::Function::New(env, flushed<GruDecodeGrad>)},
      {"lstmSequence", Napi::Function::New(env, flushed<LstmSequence>)},
      {"lstmSequenceGrad", Napi::Function::New(env, flushed<LstmSequenceGrad>)},
      {"maxPoolTime", Napi::Function::New(env, flushed<MaxPoolTime>)},
      {"maxPoolTimeGrad", Napi::Function::New(env, flushed<MaxPoolTimeGrad>)},
      {"copy", Napi::Function::New(env, flushed<Copy>)},
      {"binary", Napi::Function::New(env, flushed<Binary>)},
      {"unary", Napi::Function::New(env, flushed<Unary>)},
      {"sum", Napi::Function::New(env, flushed<Sum>)},
      {"batchNorm", Napi::Function::New(env, flushed<BatchNorm>)},
      {"batchNormGrad", Napi::Function::New(env, flushed<BatchNormGrad>)},
      {"batchNormTrain", Napi::Function::New(env, flushed<BatchNormTrain>)},
      {"batchNormTrainGrad", Napi::Function::New(env, flushed<BatchNormTrainGrad>)},
      {"adamUpdate", Napi::Function::New(env, flushed<AdamUpdate>)},
      {"mixtureDiagLogDensities", Napi::Function::New(env, flushed<MixtureDiagLogDensities>)},
      {"mixtureFullLogDensities", Napi::Function::New(env, flushed<MixtureFullLogDensities>)},
      {"mixtureMoments", Napi::Function::New(env, flushed<MixtureMoments>)},
      {"mixtureFullCovariances", Napi::Function::New(env, flushed<MixtureFullCovariances>)},
      {"inverseCholesky", Napi::Function::New(env, flushed<InverseCholesky>)},
      {"squaredDistances", Napi::Function::New(env, flushed<SquaredDistances>)},
      {"useOneDnn", Napi::Function::New(env, UseOneDnn)},
      {"setThreads", Napi::Function::New(env, SetThreads)},
      {"flushes", Napi::Function::New(env, Flushes)},
  };
  for (const auto &[name, function] : functions) exports.Set(name, function);
  Napi::Object opCodes = Napi::Object::New(env);
  opCodes.Set("unary", names(env, {TEMPORA_UNARY_OPS(TEMPORA_OP_NAME)}));
  opCodes.Set("binary", names(env, {TEMPORA_BINARY_OPS(TEMPORA_OP_NAME)}));
  exports.Set("opCodes", opCodes);
  return exports;
}

}  // namespace

float *scratch(int slot, size_t n) {
  static std::vector<float> buffers[8];
  if (buffers[slot].size() < n) buffers[slot].resize(n);
  return buffers[slot].data();
}

}  // namespace tempora

Napi::Object Init(Napi::Env env, Napi::Object exports) { return tempora::exportAll(env, exports); }

NODE_API_MODULE(tempora_native, Init)
