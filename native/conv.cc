// Conv1D/Conv2D (NHWC, HWIO filters) and both backward passes: oneDNN when built in
// (dnnl-conv.cc), else im2col + sgemm.
#include "kernels.h"
#include "conv-geometry.h"

// Whether oneDNN's convolutions are built in (dnnl-conv.cc). They take 1x1 convolutions too: an
// OpenBLAS sgemm between them would leave its worker thread spinning on the core oneDNN's threads need.
#ifdef TEMPORA_DNNL
constexpr bool withDnnl = true;
#else
constexpr bool withDnnl = false;
bool dnnlConvForward(const Conv &, const float *, const float *, const float *, float *) { return false; }
bool dnnlConvBackwardData(const Conv &, const float *, const float *, float *) { return false; }
bool dnnlConvBackwardWeights(const Conv &, const float *, const float *, float *) { return false; }
bool dnnlConvUse(bool) { return false; }
#endif

namespace tempora {
namespace {

Conv readConv(const Napi::CallbackInfo &info, int first) {
  Conv c;
  int *f[] = {&c.n, &c.h, &c.w, &c.cin, &c.kh, &c.kw, &c.cout, &c.oh, &c.ow, &c.sh, &c.sw, &c.pt, &c.pl, &c.dh, &c.dw};
  for (int i = 0; i < 15; i++) *f[i] = I(info[first + i]);
  return c;
}

// Rows of the im2col matrix for images [i0, i0+count): one row per output pixel, kh*kw*cin columns.
void im2col(const Conv &c, const float *x, int i0, int count, float *cols) {
  size_t cw = c.colWidth();
  parallelRanges(count, (size_t)count * c.oh * c.ow * cw, [&](int64_t begin, int64_t end) {
  for (int i = (int)begin; i < (int)end; i++) {
    const float *img = x + (size_t)(i0 + i) * c.h * c.w * c.cin;
    for (int oy = 0; oy < c.oh; oy++)
      for (int ox = 0; ox < c.ow; ox++) {
        float *row = cols + ((size_t)(i * c.oh + oy) * c.ow + ox) * cw;
        for (int ky = 0; ky < c.kh; ky++) {
          int y = oy * c.sh - c.pt + ky * c.dh;
          for (int kx = 0; kx < c.kw; kx++) {
            int xx = ox * c.sw - c.pl + kx * c.dw;
            float *dst = row + (size_t)(ky * c.kw + kx) * c.cin;
            if (y < 0 || y >= c.h || xx < 0 || xx >= c.w)
              std::memset(dst, 0, sizeof(float) * c.cin);
            else
              std::memcpy(dst, img + ((size_t)y * c.w + xx) * c.cin, sizeof(float) * c.cin);
          }
        }
      }
  }
  });
}

// Writes images [i0, i0+count) of dx as the sums of their im2col rows (the adjoint of im2col).
void col2im(const Conv &c, const float *cols, int i0, int count, float *dx) {
  size_t cw = c.colWidth();
  parallelRanges(count, (size_t)count * c.oh * c.ow * cw, [&](int64_t begin, int64_t end) {
  for (int i = (int)begin; i < (int)end; i++) {
    float *img = dx + (size_t)(i0 + i) * c.h * c.w * c.cin;
    std::memset(img, 0, sizeof(float) * c.h * c.w * c.cin);
    for (int oy = 0; oy < c.oh; oy++)
      for (int ox = 0; ox < c.ow; ox++) {
        const float *row = cols + ((size_t)(i * c.oh + oy) * c.ow + ox) * cw;
        for (int ky = 0; ky < c.kh; ky++) {
          int y = oy * c.sh - c.pt + ky * c.dh;
          if (y < 0 || y >= c.h) continue;
          for (int kx = 0; kx < c.kw; kx++) {
            int xx = ox * c.sw - c.pl + kx * c.dw;
            if (xx < 0 || xx >= c.w) continue;
            const float *src = row + (size_t)(ky * c.kw + kx) * c.cin;
            float *dst = img + ((size_t)y * c.w + xx) * c.cin;
            for (int ch = 0; ch < c.cin; ch++) dst[ch] += src[ch];
          }
        }
      }
  }
  });
}


bool isPointwise(const Conv &c) {
  return c.kh == 1 && c.kw == 1 && c.sh == 1 && c.sw == 1 && c.pt == 0 && c.pl == 0 && c.oh == c.h && c.ow == c.w;
}

// Images per im2col chunk: bounded scratch (about 16 MB) while keeping products large.
int chunkImages(const Conv &c) {
  size_t perImage = (size_t)c.oh * c.ow * c.colWidth();
  size_t limit = (size_t)4 << 20;
  return (int)std::max<size_t>(1, std::min<size_t>(c.n, perImage ? limit / perImage : c.n));
}

// Without bias: y = conv(x, filter), through sgemm.
void convForwardGemm(const Conv &c, const float *x, const float *w, float *y) {
  size_t pix = (size_t)c.oh * c.ow;
  if (isPointwise(c)) {
    gemm(false, false, c.n * pix, c.cout, c.cin, x, c.cin, w, c.cout, 0.0f, y, c.cout);
    return;
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols);
    gemm(false, false, cnt * pix, c.cout, c.colWidth(), cols, c.colWidth(), w, c.cout, 0.0f,
         y + (size_t)i0 * pix * c.cout, c.cout);
  }
}

}  // namespace

// conv2d(x, filter, y, bias, geometry...): y = conv(x, filter) + bias, NHWC / HWIO; bias [cout] or null.
Napi::Value Conv2D(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *w = F32(info[1]);
  float *y = F32(info[2]);
  const float *bias = info[3].IsNull() ? nullptr : F32(info[3]);
  Conv c = readConv(info, 4);
  if (withDnnl && dnnlConvForward(c, x, w, bias, y)) return info.Env().Undefined();
  convForwardGemm(c, x, w, y);
  if (bias != nullptr) {
    int64_t rows = (int64_t)c.n * c.oh * c.ow;
    parallelRanges(rows, (size_t)rows * c.cout, [&](int64_t begin, int64_t end) {
      for (int64_t r = begin; r < end; r++)
        for (int o = 0; o < c.cout; o++) y[r * c.cout + o] += bias[o];
    });
  }
  return info.Env().Undefined();
}

// conv2dBackpropInput(dy, filter, dx, geometry...): dx = adjoint of the convolution applied to dy.
Napi::Value Conv2DBackpropInput(const Napi::CallbackInfo &info) {
  const float *dy = F32(info[0]), *w = F32(info[1]);
  float *dx = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (withDnnl && dnnlConvBackwardData(c, dy, w, dx)) return info.Env().Undefined();
  if (isPointwise(c)) {
    gemm(false, true, c.n * pix, c.cin, c.cout, dy, c.cout, w, c.cout, 0.0f, dx, c.cin);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    gemm(false, true, cnt * pix, c.colWidth(), c.cout, dy + (size_t)i0 * pix * c.cout, c.cout, w, c.cout, 0.0f,
         cols, c.colWidth());
    col2im(c, cols, i0, cnt, dx);
  }
  return info.Env().Undefined();
}

// conv2dBackpropFilter(x, dy, dw, geometry...): dw = gradient of the filter.
Napi::Value Conv2DBackpropFilter(const Napi::CallbackInfo &info) {
  const float *x = F32(info[0]), *dy = F32(info[1]);
  float *dw = F32(info[2]);
  Conv c = readConv(info, 3);
  size_t pix = (size_t)c.oh * c.ow;
  if (withDnnl && dnnlConvBackwardWeights(c, x, dy, dw)) return info.Env().Undefined();
  if (isPointwise(c)) {
    gemm(true, false, c.cin, c.cout, c.n * pix, x, c.cin, dy, c.cout, 0.0f, dw, c.cout);
    return info.Env().Undefined();
  }
  int chunk = chunkImages(c);
  float *cols = scratch(6, (size_t)chunk * pix * c.colWidth());
  for (int i0 = 0; i0 < c.n; i0 += chunk) {
    int cnt = std::min(chunk, c.n - i0);
    im2col(c, x, i0, cnt, cols);
    gemm(true, false, c.colWidth(), c.cout, cnt * pix, cols, c.colWidth(), dy + (size_t)i0 * pix * c.cout,
         c.cout, i0 == 0 ? 0.0f : 1.0f, dw, c.cout);
  }
  if (c.n == 0) std::memset(dw, 0, sizeof(float) * c.colWidth() * c.cout);
  return info.Env().Undefined();
}

// useOneDnn(on): switches oneDNN's convolutions on or off; returns whether they are built in.
Napi::Value UseOneDnn(const Napi::CallbackInfo &info) {
  return Napi::Boolean::New(info.Env(), dnnlConvUse(B(info[0])));
}

}  // namespace tempora
