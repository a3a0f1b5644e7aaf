import LearningKernels

/// `GemmCore`'s kernels specialised for 16-lane vectors in a module compiled for AVX-512
/// (`-target-cpu skylake-avx512` on x86-64). `Learning` calls these only after checking at run
/// time that the CPU supports AVX-512F/BW/DQ/VL, so the same binary still runs on AVX2-only CPUs.
public enum AVX512Kernels {
    public static func gemm(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                            b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, accumulate: Bool) {
        GemmCore.gemm(SIMD16<Float>.self, m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                      b: b, c: c, accumulate: accumulate)
    }

    public static func applyTanh(_ x: UnsafeMutablePointer<Float>, count: Int) {
        GemmCore.applyTanh(SIMD16<Float>.self, x, count: count)
    }
}
