// Geometry of an NHWC convolution with an HWIO filter, shared by the im2col kernels (conv.cc)
// and oneDNN's (dnnl-conv.cc).
#pragma once
#include <cstddef>

struct Conv {
  int n, h, w, cin, kh, kw, cout, oh, ow, sh, sw, pt, pl, dh, dw;
  size_t colWidth() const { return (size_t)kh * kw * cin; }
};

// oneDNN's convolutions (dnnl-conv.cc, built when libdnnl-dev is present): each returns false when
// oneDNN is absent, switched off, or has no primitive for the geometry, and the caller computes it.
// bias: one value per output channel added to y, or null.
bool dnnlConvForward(const Conv &c, const float *x, const float *w, const float *bias, float *y);
bool dnnlConvBackwardData(const Conv &c, const float *dy, const float *w, float *dx);
bool dnnlConvBackwardWeights(const Conv &c, const float *x, const float *dy, float *dw);
// Switches oneDNN's convolutions on or off (tests compare both paths); returns whether it is built.
bool dnnlConvUse(bool on);
