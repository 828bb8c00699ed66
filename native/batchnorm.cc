// Batch normalisation over the channel (last) axis: inference form and its gradient, and the
// training form with the batch's statistics (optionally followed by ReLU, or summed with a second
// training-mode batch norm then ReLU'd, as ResNet's residual block ends) and its gradient.
#include "kernels.h"
#include <array>

namespace tempora {
namespace {

// Per-channel sums over row blocks of [rows, C]: float partial sums per block of 64 rows, added
// into double totals, so long columns keep float32 accuracy. terms(row, c) gives the K terms of
// each element, so K sums share one pass over memory. Threads sum row ranges of their own, added
// in a fixed order.
template <int K, typename Terms>
std::array<std::vector<double>, K> channelSums(int64_t rows, int C, Terms terms) {
  const int64_t block = 64;
  int64_t blocks = (rows + block - 1) / block;
  int threads = std::max(1, (size_t)rows * C >= PARALLEL_MIN ? (int)std::min<int64_t>(omp_get_max_threads(), blocks) : 1);
  std::vector<std::array<std::vector<double>, K>> partial(threads);
  parallelRanges(threads, (size_t)rows * C, [&](int64_t t0, int64_t t1) {
    std::array<std::vector<float>, K> part;
    for (auto &p : part) p.resize(C);
    for (int64_t t = t0; t < t1; t++) {
      for (auto &sum : partial[t]) sum.assign(C, 0.0);
      for (int64_t b = blocks * t / threads; b < blocks * (t + 1) / threads; b++) {
        for (auto &p : part) std::fill(p.begin(), p.end(), 0.0f);
        for (int64_t r = b * block; r < std::min(rows, (b + 1) * block); r++)
          for (int c = 0; c < C; c++) {
            std::array<float, K> v = terms(r, c);
            for (int k = 0; k < K; k++) part[k][c] += v[k];
          }
        for (int k = 0; k < K; k++)
          for (int c = 0; c < C; c++) partial[t][k][c] += part[k][c];
      }
    }
  });
  std::array<std::vector<double>, K> total;
  for (auto &sum : total) sum.assign(C, 0.0);
  for (int t = 0; t < threads; t++)
    for (int k = 0; k < K; k++)
      for (int c = 0; c < C; c++) total[k][c] += partial[t][k][c];
  return total;
}

}  // namespace

// batchNorm(x, mean, variance, offset|null, scale|null, rows, channels, epsilon, out): channels-last
// batch normalisation with per-channel statistics.
Napi::Value BatchNorm(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *offset = F32(info[3]), *scale = F32(info[4]);
  int64_t rows = info[5].As<Napi::Number>().Int64Value();
  int C = I(info[6]);
  float eps = info[7].As<Napi::Number>().FloatValue();
  float *out = F32(info[8]);
  std::vector<float> mul(C), add(C);
  for (int c = 0; c < C; c++) {
    mul[c] = (scale ? scale[c] : 1.0f) / std::sqrt(var[c] + eps);
    add[c] = (offset ? offset[c] : 0.0f) - mean[c] * mul[c];
  }
  for (int64_t r = 0; r < rows; r++) {
    const float *__restrict xr = x + r * C;
    float *__restrict o = out + r * C;
    const float *__restrict m = mul.data(), *__restrict a = add.data();
    for (int c = 0; c < C; c++) o[c] = xr[c] * m[c] + a[c];
  }
  return info.Env().Undefined();
}

// batchNormGrad(x, mean, variance, scale|null, dy, rows, channels, epsilon, dx, dmean, dvariance,
// dscale, doffset): gradients of batchNorm with respect to each of its inputs.
Napi::Value BatchNormGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *scale = F32(info[3]), *dy = F32(info[4]);
  int64_t rows = info[5].As<Napi::Number>().Int64Value();
  int C = I(info[6]);
  float eps = info[7].As<Napi::Number>().FloatValue();
  float *dx = F32(info[8]), *dmean = F32(info[9]), *dvar = F32(info[10]), *dscale = F32(info[11]), *doffset = F32(info[12]);
  std::vector<float> inv(C), mul(C);
  std::vector<double> sumDy(C, 0.0), sumDyXm(C, 0.0);
  for (int c = 0; c < C; c++) {
    inv[c] = 1.0f / std::sqrt(var[c] + eps);
    mul[c] = (scale ? scale[c] : 1.0f) * inv[c];
  }
  // Row blocks keep float partial sums short before adding them into the double totals.
  std::vector<float> pd(C), pdx(C);
  const int64_t block = 64;
  for (int64_t r0 = 0; r0 < rows; r0 += block) {
    std::fill(pd.begin(), pd.end(), 0.0f);
    std::fill(pdx.begin(), pdx.end(), 0.0f);
    for (int64_t r = r0; r < std::min(rows, r0 + block); r++) {
      const float *__restrict xr = x + r * C, *__restrict d = dy + r * C, *__restrict m = mean, *__restrict k = mul.data();
      float *__restrict o = dx + r * C, *__restrict a = pd.data(), *__restrict b = pdx.data();
      for (int c = 0; c < C; c++) {
        o[c] = d[c] * k[c];
        a[c] += d[c];
        b[c] += d[c] * (xr[c] - m[c]);
      }
    }
    for (int c = 0; c < C; c++) {
      sumDy[c] += pd[c];
      sumDyXm[c] += pdx[c];
    }
  }
  for (int c = 0; c < C; c++) {
    dmean[c] = (float)(-mul[c] * sumDy[c]);
    dvar[c] = (float)(-0.5 * mul[c] * inv[c] * inv[c] * sumDyXm[c]);
    dscale[c] = (float)(inv[c] * sumDyXm[c]);
    doffset[c] = (float)sumDy[c];
  }
  return info.Env().Undefined();
}

namespace {

// One batch-normalised input of a training-mode sum: x [rows, C], its batch statistics, and the
// normalisation as y = mul x + add.
struct Normalised {
  const float *x;
  std::vector<float> mul, add;
};

// The batch's mean and biased variance of x's channels (two passes, as moments does) written to
// mean and variance, and gamma (x - mean) / sqrt(variance + eps) + beta as an affine form.
Normalised normaliseWithBatchStatistics(const float *x, const float *gamma, const float *beta, float eps, int64_t rows,
                                        int C, float *mean, float *var) {
  auto [sum] = channelSums<1>(rows, C, [&](int64_t r, int c) { return std::array<float, 1>{x[r * C + c]}; });
  for (int c = 0; c < C; c++) mean[c] = rows > 0 ? (float)(sum[c] / rows) : NAN;
  auto [sq] = channelSums<1>(rows, C, [&](int64_t r, int c) {
    float d = x[r * C + c] - mean[c];
    return std::array<float, 1>{d * d};
  });
  Normalised n{x, std::vector<float>(C), std::vector<float>(C)};
  for (int c = 0; c < C; c++) {
    var[c] = rows > 0 ? (float)(sq[c] / rows) : NAN;
    n.mul[c] = gamma[c] / std::sqrt(var[c] + eps);
    n.add[c] = beta[c] - mean[c] * n.mul[c];
  }
  return n;
}

// y = max(sum of the inputs' normalisations, floor), in one pass over memory; each normalisation is
// rounded to float before the sum, as separate kernels would round it.
template <size_t N>
void writeSum(const std::array<Normalised, N> &inputs, int64_t rows, int C, float floor, float *y) {
  static_assert(N == 1 || N == 2, "one or two inputs");
  parallelRanges(rows, (size_t)rows * C * N, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
      float *__restrict o = y + r * C;
      const float *__restrict x0 = inputs[0].x + r * C, *__restrict m0 = inputs[0].mul.data(),
                              *__restrict a0 = inputs[0].add.data();
      if constexpr (N == 1) {
        for (int c = 0; c < C; c++) o[c] = std::max(x0[c] * m0[c] + a0[c], floor);
      } else {
        const float *__restrict x1 = inputs[1].x + r * C, *__restrict m1 = inputs[1].mul.data(),
                                *__restrict a1 = inputs[1].add.data();
        for (int c = 0; c < C; c++) o[c] = std::max((x0[c] * m0[c] + a0[c]) + (x1[c] * m1[c] + a1[c]), floor);
      }
    }
  });
}

float floatArg(const Napi::Value &v) { return v.As<Napi::Number>().FloatValue(); }

// Argument counts of one input of batchNormTrain and of batchNormTrainGrad.
constexpr size_t TRAIN_INPUT_ARGS = 6, TRAIN_GRAD_INPUT_ARGS = 10;

template <size_t N>
void batchNormTrain(const Napi::CallbackInfo &info) {
  size_t at = N * TRAIN_INPUT_ARGS;
  int64_t rows = info[at].As<Napi::Number>().Int64Value();
  int C = I(info[at + 1]);
  float *y = F32(info[at + 2]);
  // ReLU as a floor on the result; -inf leaves it as it is.
  const float floor = B(info[at + 3]) ? 0.0f : -INFINITY;
  std::array<Normalised, N> inputs;
  for (size_t i = 0; i < N; i++) {
    auto arg = [&](size_t j) -> Napi::Value { return info[i * TRAIN_INPUT_ARGS + j]; };
    inputs[i] = normaliseWithBatchStatistics(F32(arg(0)), F32(arg(1)), F32(arg(2)), floatArg(arg(3)),
                                             rows, C, F32(arg(4)), F32(arg(5)));
  }
  writeSum(inputs, rows, C, floor, y);
}

// The gradient with respect to one input of a training-mode sum: its forward values and
// statistics, the gradients reaching its mean and variance outputs, and where to write dx, dgamma
// and dbeta.
struct NormalisedGrad {
  const float *x, *mean, *var, *gamma, *dmean, *dvar;
  float eps;
  float *dx, *dgamma, *dbeta;
};

// With g = dy (times ReLU's mask y > 0 when y is given) reaching every input's normalisation and,
// per input, xhat = (x - mean) rstd: dbeta = sum g, dgamma = sum g xhat,
// dx = gamma rstd / N (N g - dbeta - xhat dgamma) + (dmean + 2 dvariance (x - mean)) / N, the last
// term from the gradients reaching the mean and variance outputs. One pass for all the sums, one
// for all the dx.
template <size_t N, bool masked>
void batchNormTrainGrad(const std::array<NormalisedGrad, N> &inputs, const float *dy, const float *y, int64_t rows,
                        int C) {
  // ReLU's mask multiplies: a conditional load would be a branch per element, mispredicted half the
  // time; without ReLU y is never read.
  auto g = [&](int64_t i) {
    if constexpr (masked) return dy[i] * (float)(y[i] > 0.0f);
    else return dy[i];
  };
  std::array<std::vector<float>, N> rstd, k, b, a;
  for (size_t i = 0; i < N; i++) {
    for (auto *v : {&rstd[i], &k[i], &b[i], &a[i]}) v->resize(C);
    for (int c = 0; c < C; c++) rstd[i][c] = 1.0f / std::sqrt(inputs[i].var[c] + inputs[i].eps);
  }
  // Sums: g, then g xhat for each input.
  auto sums = channelSums<N + 1>(rows, C, [&](int64_t r, int c) {
    float gc = g(r * C + c);
    std::array<float, N + 1> terms{gc};
    for (size_t i = 0; i < N; i++) terms[i + 1] = gc * (inputs[i].x[r * C + c] - inputs[i].mean[c]) * rstd[i][c];
    return terms;
  });
  for (size_t i = 0; i < N; i++) {
    const NormalisedGrad &in = inputs[i];
    for (int c = 0; c < C; c++) {
      in.dbeta[c] = (float)sums[0][c];
      in.dgamma[c] = (float)sums[i + 1][c];
      // dx = k g - b - a (x - mean), with k = gamma rstd, b = (k dbeta - dmean) / N and
      // a = (k dgamma rstd - 2 dvariance) / N.
      k[i][c] = in.gamma[c] * rstd[i][c];
      b[i][c] = rows > 0 ? (k[i][c] * in.dbeta[c] - in.dmean[c]) / rows : 0.0f;
      a[i][c] = rows > 0 ? (k[i][c] * in.dgamma[c] * rstd[i][c] - 2.0f * in.dvar[c]) / rows : 0.0f;
    }
  }
  parallelRanges(rows, (size_t)rows * C * N, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
      const float *__restrict d = dy + r * C;
      const float *__restrict yr = masked ? y + r * C : nullptr;
      for (size_t i = 0; i < N; i++) {
        const float *__restrict xr = inputs[i].x + r * C, *__restrict m = inputs[i].mean;
        const float *__restrict ki = k[i].data(), *__restrict bi = b[i].data(), *__restrict ai = a[i].data();
        float *__restrict o = inputs[i].dx + r * C;
        for (int c = 0; c < C; c++) {
          float gc = d[c];
          if constexpr (masked) gc *= (float)(yr[c] > 0.0f);
          o[c] = ki[c] * gc - bi[c] - ai[c] * (xr[c] - m[c]);
        }
      }
    }
  });
}

template <size_t N>
void batchNormTrainGrad(const Napi::CallbackInfo &info) {
  size_t at = N * TRAIN_GRAD_INPUT_ARGS;
  const float *dy = F32(info[at]), *y = F32(info[at + 1]);
  int64_t rows = info[at + 2].As<Napi::Number>().Int64Value();
  int C = I(info[at + 3]);
  std::array<NormalisedGrad, N> inputs;
  for (size_t i = 0; i < N; i++) {
    auto arg = [&](size_t j) -> Napi::Value { return info[i * TRAIN_GRAD_INPUT_ARGS + j]; };
    inputs[i] = {F32(arg(0)), F32(arg(1)), F32(arg(2)), F32(arg(3)), F32(arg(4)), F32(arg(5)),
                 floatArg(arg(6)), F32(arg(7)), F32(arg(8)), F32(arg(9))};
  }
  if (y != nullptr) batchNormTrainGrad<N, true>(inputs, dy, y, rows, C);
  else batchNormTrainGrad<N, false>(inputs, dy, y, rows, C);
}

// The number of inputs (1 or 2) of a call with `perInput` arguments per input and 4 after them;
// 0 for any other argument count.
size_t inputCount(const Napi::CallbackInfo &info, size_t perInput) {
  for (size_t n : {1, 2})
    if (info.Length() == n * perInput + 4) return n;
  return 0;
}

Napi::Value wrongInputCount(const Napi::CallbackInfo &info) {
  Napi::TypeError::New(info.Env(), "batch norm training kernels take one or two inputs").ThrowAsJavaScriptException();
  return info.Env().Undefined();
}

}  // namespace

// batchNormTrain(input..., rows, channels, y, relu), each input being x, gamma, beta, epsilon,
// mean, variance: training-mode batch norm of one or two inputs x [rows, C] with their batch's
// mean and biased variance (written to mean, variance), y = the sum of
// gamma (x - mean) / sqrt(variance + epsilon) + beta over the inputs, then max(y, 0) when relu is
// true: BatchNorm then ReLU, or ResNet's relu(BN(a) + BN(b)), in one pass over memory.
Napi::Value BatchNormTrain(const Napi::CallbackInfo &info) {
  switch (inputCount(info, TRAIN_INPUT_ARGS)) {
    case 1: batchNormTrain<1>(info); break;
    case 2: batchNormTrain<2>(info); break;
    default: return wrongInputCount(info);
  }
  return info.Env().Undefined();
}

// batchNormTrainGrad(input..., dy, y|null, rows, channels), each input being x, mean, variance,
// gamma, dmean, dvariance, epsilon, dx, dgamma, dbeta: the gradient of batchNormTrain through the
// batch statistics, given the gradients of every output. y is the output when the forward pass had
// relu (dy is then zero where y is), else null.
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo &info) {
  switch (inputCount(info, TRAIN_GRAD_INPUT_ARGS)) {
    case 1: batchNormTrainGrad<1>(info); break;
    case 2: batchNormTrainGrad<2>(info); break;
    default: return wrongInputCount(info);
  }
  return info.Env().Undefined();
}

}  // namespace tempora
