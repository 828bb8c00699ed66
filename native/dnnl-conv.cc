// Convolutions through oneDNN (Debian's libdnnl): its AVX-512 direct and brgemm kernels read and
// write TF.js's channels-last tensors as they are, and run at about 1.3x the speed of im2col +
// sgemm here; only the small filter is reordered to oneDNN's blocked layout and back. Primitives
// are built once per geometry and kept, the least recently used dropped past a bound.
#include "conv-geometry.h"

#include <oneapi/dnnl/dnnl.hpp>

#include <array>
#include <list>
#include <map>
#include <memory>
#include <unordered_map>

namespace {

using dnnl::memory;
using tag = memory::format_tag;

bool enabled = true;

// Geometries kept: a fixed-shape network needs a few dozen; shapes that vary from step to step
// (the triplet loss's random subseries lengths) would otherwise keep a primitive and a filter copy
// each for ever (50 MB more per epoch of resnet-ae on Coffee). oneDNN's own cache of compiled
// kernels gets the same bound.
constexpr size_t CACHE_CAPACITY = 256;

dnnl::engine &engine() {
  static bool capped = (dnnl::set_primitive_cache_capacity(CACHE_CAPACITY), true);
  static dnnl::engine e(dnnl::engine::kind::cpu, 0);
  (void)capped;
  return e;
}

dnnl::stream &stream() {
  static dnnl::stream s(engine());
  return s;
}

struct Descs {
  memory::desc src, weights, anyWeights, bias, dst;
  memory::dims strides, dilates, padL, padR;
};

// Descriptors of the geometry, or false when oneDNN cannot express it (negative end padding) or
// the filter is longer than the input: Debian's oneDNN 2.6 computes wrong outputs for some of those
// (its brgconv forward on 7 steps with a kernel of 8 or 9, on 15 with 16), which the triplet loss's
// short random subseries reach; im2col + sgemm takes them, and they are small.
bool describe(const Conv &c, Descs &d) {
  int pb = (c.oh - 1) * c.sh + (c.kh - 1) * c.dh + 1 - c.h - c.pt;
  int pr = (c.ow - 1) * c.sw + (c.kw - 1) * c.dw + 1 - c.w - c.pl;
  if (pb < 0 || pr < 0 || c.n == 0 || c.oh == 0 || c.ow == 0) return false;
  if ((c.kh - 1) * c.dh + 1 > c.h || (c.kw - 1) * c.dw + 1 > c.w) return false;
  auto f32 = memory::data_type::f32;
  d.src = memory::desc({c.n, c.cin, c.h, c.w}, f32, tag::nhwc);
  d.weights = memory::desc({c.cout, c.cin, c.kh, c.kw}, f32, tag::hwio);
  d.anyWeights = memory::desc({c.cout, c.cin, c.kh, c.kw}, f32, tag::any);
  d.bias = memory::desc({c.cout}, f32, tag::x);
  d.dst = memory::desc({c.n, c.cout, c.oh, c.ow}, f32, tag::nhwc);
  d.strides = {c.sh, c.sw};
  d.dilates = {c.dh - 1, c.dw - 1};
  d.padL = {c.pt, c.pl};
  d.padR = {pb, pr};
  return true;
}

dnnl::convolution_forward::primitive_desc forwardDesc(const Descs &d, bool withBias) {
  auto desc = withBias ? dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                                         d.src, d.anyWeights, d.bias, d.dst, d.strides, d.dilates, d.padL, d.padR)
                       : dnnl::convolution_forward::desc(dnnl::prop_kind::forward_training, dnnl::algorithm::convolution_direct,
                                                         d.src, d.anyWeights, d.dst, d.strides, d.dilates, d.padL, d.padR);
  return dnnl::convolution_forward::primitive_desc(desc, engine());
}

// A primitive and the filter in its layout, with the reorder between that and HWIO.
struct Entry {
  dnnl::primitive conv;
  memory::desc weights;        // the primitive's filter layout
  memory blockedWeights;       // the filter in that layout
  bool reordered = false;      // whether it differs from HWIO
  dnnl::reorder reorder;       // HWIO -> blocked (forward, backward data) or back (backward weights)
};

// FORWARD_BIAS adds a bias per output channel inside the convolution (no second pass over y).
enum Kind { FORWARD, FORWARD_BIAS, BACKWARD_DATA, BACKWARD_WEIGHTS };

using Key = std::array<int, 16>;
using Cached = std::list<std::pair<Key, std::unique_ptr<Entry>>>;

// The entry for a geometry (null when oneDNN cannot run it), most recently used first. A pointer
// it returns stays valid until the next call.
Entry *entryFor(Kind kind, const Conv &c) {
  static Cached cache;
  static std::map<Key, Cached::iterator> index;
  Key key = {kind, c.n, c.h, c.w, c.cin, c.kh, c.kw, c.cout, c.oh, c.ow, c.sh, c.sw, c.pt, c.pl, c.dh, c.dw};
  auto found = index.find(key);
  if (found != index.end()) {
    cache.splice(cache.begin(), cache, found->second);
    return found->second->second.get();
  }
  std::unique_ptr<Entry> entry;
  Descs d;
  if (describe(c, d)) {
    try {
      entry = std::make_unique<Entry>();
      auto fwd = forwardDesc(d, kind == FORWARD_BIAS);
      if (kind == FORWARD || kind == FORWARD_BIAS) {
        entry->conv = dnnl::convolution_forward(fwd);
        entry->weights = fwd.weights_desc();
      } else if (kind == BACKWARD_DATA) {
        dnnl::convolution_backward_data::primitive_desc pd(
            dnnl::convolution_backward_data::desc(dnnl::algorithm::convolution_direct, d.src, d.anyWeights, d.dst,
                                                  d.strides, d.dilates, d.padL, d.padR),
            engine(), fwd);
        entry->conv = dnnl::convolution_backward_data(pd);
        entry->weights = pd.weights_desc();
      } else {
        dnnl::convolution_backward_weights::primitive_desc pd(
            dnnl::convolution_backward_weights::desc(dnnl::algorithm::convolution_direct, d.src, d.anyWeights, d.dst,
                                                     d.strides, d.dilates, d.padL, d.padR),
            engine(), fwd);
        entry->conv = dnnl::convolution_backward_weights(pd);
        entry->weights = pd.diff_weights_desc();
      }
      entry->reordered = entry->weights != d.weights;
      if (entry->reordered) {
        entry->blockedWeights = memory(entry->weights, engine());
        memory user(d.weights, engine(), DNNL_MEMORY_NONE);
        entry->reorder = kind == BACKWARD_WEIGHTS ? dnnl::reorder(entry->blockedWeights, user)
                                                  : dnnl::reorder(user, entry->blockedWeights);
      }
    } catch (const dnnl::error &) {
      entry.reset();
    }
  }
  Entry *result = entry.get();
  cache.emplace_front(key, std::move(entry));
  index[key] = cache.begin();
  if (cache.size() > CACHE_CAPACITY) {
    index.erase(cache.back().first);
    cache.pop_back();
  }
  return result;
}

// The filter memory a primitive reads, after reordering the user's HWIO filter into it if needed.
memory filterIn(Entry &e, const Conv &c, const float *w) {
  Descs d;
  describe(c, d);
  memory user(d.weights, engine(), const_cast<float *>(w));
  if (!e.reordered) return user;
  e.reorder.execute(stream(), user, e.blockedWeights);
  return e.blockedWeights;
}

}  // namespace

bool dnnlConvUse(bool on) {
  enabled = on;
  return true;
}

bool dnnlConvForward(const Conv &c, const float *x, const float *w, const float *bias, float *y) {
  Entry *e = enabled ? entryFor(bias ? FORWARD_BIAS : FORWARD, c) : nullptr;
  if (e == nullptr) return false;
  Descs d;
  describe(c, d);
  memory weights = filterIn(*e, c, w);
  std::unordered_map<int, memory> args = {{DNNL_ARG_SRC, memory(d.src, engine(), const_cast<float *>(x))},
                                          {DNNL_ARG_WEIGHTS, weights},
                                          {DNNL_ARG_DST, memory(d.dst, engine(), y)}};
  if (bias) args[DNNL_ARG_BIAS] = memory(d.bias, engine(), const_cast<float *>(bias));
  e->conv.execute(stream(), args);
  stream().wait();
  return true;
}

bool dnnlConvBackwardData(const Conv &c, const float *dy, const float *w, float *dx) {
  Entry *e = enabled ? entryFor(BACKWARD_DATA, c) : nullptr;
  if (e == nullptr) return false;
  Descs d;
  describe(c, d);
  memory weights = filterIn(*e, c, w);
  e->conv.execute(stream(), {{DNNL_ARG_DIFF_DST, memory(d.dst, engine(), const_cast<float *>(dy))},
                             {DNNL_ARG_WEIGHTS, weights},
                             {DNNL_ARG_DIFF_SRC, memory(d.src, engine(), dx)}});
  stream().wait();
  return true;
}

bool dnnlConvBackwardWeights(const Conv &c, const float *x, const float *dy, float *dw) {
  Entry *e = enabled ? entryFor(BACKWARD_WEIGHTS, c) : nullptr;
  if (e == nullptr) return false;
  Descs d;
  describe(c, d);
  memory user(d.weights, engine(), dw);
  e->conv.execute(stream(), {{DNNL_ARG_SRC, memory(d.src, engine(), const_cast<float *>(x))},
                             {DNNL_ARG_DIFF_DST, memory(d.dst, engine(), const_cast<float *>(dy))},
                             {DNNL_ARG_DIFF_WEIGHTS, e->reordered ? e->blockedWeights : user}});
  if (e->reordered) e->reorder.execute(stream(), e->blockedWeights, user);
  stream().wait();
  return true;
}
