// Batch normalisation over the channel (last) axis: inference form and its gradient, and the
// training form with the batch's statistics (optionally followed by ReLU) and its gradient.
#include "kernels.h"
#include <array>
#include <type_traits>

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

// batchNormTrain(x, gamma, beta, rows, channels, epsilon, y, mean, variance, relu): training-mode
// batch norm of [rows, C] with the batch's mean and biased variance (two passes for the statistics,
// as moments does), then y = gamma (x - mean) / sqrt(variance + epsilon) + beta, and max(y, 0) when
// relu is true (ResNet's BatchNorm then ReLU in one pass over memory).
Napi::Value BatchNormTrain(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *gamma = F32(info[1]), *beta = F32(info[2]);
  int64_t rows = info[3].As<Napi::Number>().Int64Value();
  int C = I(info[4]);
  float eps = info[5].As<Napi::Number>().FloatValue();
  float *y = F32(info[6]), *mean = F32(info[7]), *var = F32(info[8]);
  // ReLU as a floor on the result; -inf leaves it as it is.
  const float floor = B(info[9]) ? 0.0f : -INFINITY;
  auto [sum] = channelSums<1>(rows, C, [&](int64_t r, int c) { return std::array<float, 1>{x[r * C + c]}; });
  for (int c = 0; c < C; c++) mean[c] = rows > 0 ? (float)(sum[c] / rows) : NAN;
  auto [sq] = channelSums<1>(rows, C, [&](int64_t r, int c) {
    float d = x[r * C + c] - mean[c];
    return std::array<float, 1>{d * d};
  });
  std::vector<float> mul(C), add(C);
  for (int c = 0; c < C; c++) {
    var[c] = rows > 0 ? (float)(sq[c] / rows) : NAN;
    mul[c] = gamma[c] / std::sqrt(var[c] + eps);
    add[c] = beta[c] - mean[c] * mul[c];
  }
  parallelRanges(rows, (size_t)rows * C, [&](int64_t begin, int64_t end) {
    for (int64_t r = begin; r < end; r++) {
      const float *__restrict xr = x + r * C, *__restrict m = mul.data(), *__restrict a = add.data();
      float *__restrict o = y + r * C;
      for (int c = 0; c < C; c++) o[c] = std::max(xr[c] * m[c] + a[c], floor);
    }
  });
  return info.Env().Undefined();
}

// batchNormTrainGrad(x, mean, variance, gamma, dy, dmean, dvariance, rows, channels, epsilon, dx,
// dgamma, dbeta, y): the gradient of batchNormTrain through the batch statistics, with
// xhat = (x - mean) rstd: dbeta = sum dy, dgamma = sum dy xhat,
// dx = gamma rstd / N (N dy - dbeta - xhat dgamma) + (dmean + 2 dvariance (x - mean)) / N, the last
// term from the gradients reaching the mean and variance outputs. y is the ReLU'd output when the
// forward pass had relu (dy is then zero where y is), else null.
Napi::Value BatchNormTrainGrad(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *mean = F32(info[1]), *var = F32(info[2]), *gamma = F32(info[3]), *dy = F32(info[4]),
              *dmean = F32(info[5]), *dvar = F32(info[6]);
  int64_t rows = info[7].As<Napi::Number>().Int64Value();
  int C = I(info[8]);
  float eps = info[9].As<Napi::Number>().FloatValue();
  float *dx = F32(info[10]), *dgamma = F32(info[11]), *dbeta = F32(info[12]);
  const float *y = info[13].IsNull() ? nullptr : F32(info[13]);
  std::vector<float> rstd(C);
  for (int c = 0; c < C; c++) rstd[c] = 1.0f / std::sqrt(var[c] + eps);
  // One body for both cases, compiled twice: ReLU's mask multiplies (a conditional load would be a
  // branch per element, mispredicted half the time), and without ReLU y is never read.
  auto run = [&](auto relu) {
    constexpr bool masked = decltype(relu)::value;
    auto g = [&](int64_t i) {
      if constexpr (masked) return dy[i] * (float)(y[i] > 0.0f);
      else return dy[i];
    };
    auto [sumDy, sumDyXhat] = channelSums<2>(rows, C, [&](int64_t r, int c) {
      float gc = g(r * C + c);
      return std::array<float, 2>{gc, gc * (x[r * C + c] - mean[c]) * rstd[c]};
    });
    std::vector<float> k(C), b(C), a(C);
    for (int c = 0; c < C; c++) {
      dbeta[c] = (float)sumDy[c];
      dgamma[c] = (float)sumDyXhat[c];
      // dx = k dy - b - a (x - mean), with k = gamma rstd, b = (k dbeta - dmean) / N and
      // a = (k dgamma rstd - 2 dvariance) / N.
      k[c] = gamma[c] * rstd[c];
      b[c] = rows > 0 ? (k[c] * dbeta[c] - dmean[c]) / rows : 0.0f;
      a[c] = rows > 0 ? (k[c] * dgamma[c] * rstd[c] - 2.0f * dvar[c]) / rows : 0.0f;
    }
    parallelRanges(rows, (size_t)rows * C, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; r++) {
        const float *__restrict xr = x + r * C, *__restrict d = dy + r * C, *__restrict m = mean;
        const float *__restrict yr = masked ? y + r * C : nullptr;
        float *__restrict o = dx + r * C;
        for (int c = 0; c < C; c++) {
          float gc = d[c];
          if constexpr (masked) gc *= (float)(yr[c] > 0.0f);
          o[c] = k[c] * gc - b[c] - a[c] * (xr[c] - m[c]);
        }
      }
    });
  };
  if (y != nullptr) run(std::true_type{});
  else run(std::false_type{});
  return info.Env().Undefined();
}

}  // namespace tempora
