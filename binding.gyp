{
  "targets": [
    {
      "target_name": "tempora_native",
      "sources": [
        "native/addon.cc", "native/matmul.cc", "native/conv.cc", "native/gru.cc", "native/lstm.cc", "native/pool.cc", "native/layout.cc",
        "native/binary.cc", "native/unary.cc", "native/reduce.cc", "native/batchnorm.cc", "native/adam.cc",
        "native/mixture.cc", "native/distances.cc"
      ],
      "include_dirs": ["<!(node -p \"require('node-addon-api').include_dir\")", "/usr/include/x86_64-linux-gnu/openblas-pthread"],
      "defines": ["NAPI_VERSION=8", "NAPI_DISABLE_CPP_EXCEPTIONS"],
      "cflags_cc": ["-O3", "-march=native", "-fno-trapping-math", "-std=c++17", "-fopenmp"],
      "ldflags": ["-fopenmp"],
      "libraries": ["-lopenblas"],
      "conditions": [
        ["'<!(test -f /usr/include/oneapi/dnnl/dnnl.hpp && echo yes || echo no)'=='yes'", {
          "sources": ["native/dnnl-conv.cc"],
          "defines": ["TEMPORA_DNNL"],
          "cflags_cc!": ["-fno-exceptions"],
          "cflags_cc+": ["-fexceptions"],
          "libraries": ["-ldnnl"]
        }]
      ]
    }
  ]
}
