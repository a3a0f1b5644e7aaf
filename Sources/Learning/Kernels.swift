import Foundation
import LearningKernels
#if arch(x86_64)
import LearningKernelsAVX512
#endif

/// Dense Float32 kernels for the learner: the matrix multiply (dispatched to the fastest
/// `GemmCore` instantiation this CPU runs) and the few element-wise passes around it.
///
/// Why hand-written: a PPO update on CartPole is ~1e11 FLOP of 256×64·64×64 products, so speed is
/// kernel speed. See `GemmCore` for the kernel itself.
public enum Kernels {
    public typealias V8 = SIMD8<Float>

    /// Which instantiation of the kernels runs.
    public enum Variant: String, Sendable, CaseIterable {
        /// 8-lane vectors: AVX2+FMA on x86-64 (SSE without the Package.swift flags), NEON elsewhere.
        case simd8
        /// 16-lane vectors compiled for AVX-512; only on x86-64 CPUs that report AVX-512F/BW/DQ/VL.
        case avx512
    }

    /// Variants this CPU can run.
    public static let availableVariants: [Variant] = CPUFeatures.hasAVX512 ? [.simd8, .avx512] : [.simd8]

    /// The variant used by default: the widest available, unless `SENTRADE_KERNELS=simd8`.
    public static let defaultVariant: Variant = {
        if ProcessInfo.processInfo.environment["SENTRADE_KERNELS"] == "simd8" { return .simd8 }
        return availableVariants.last ?? .simd8
    }()

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> V8 { V8.load(p) }

    @inline(__always)
    static func store8(_ v: V8, _ p: UnsafeMutablePointer<Float>) { v.store(p) }

    @inline(__always)
    static func fma(_ acc: inout V8, _ a: V8, _ b: V8) { acc.multiplyAdd(a, b) }

    /// `C = A·B` (or `C += A·B` when `accumulate`), with C row-major `m×n`, B row-major `k×n`, and
    /// A read through strides: element (i, p) at `a[i*aRowStride + p*aColStride]`. A transposed
    /// view of a row-major matrix X (`k×m`) is `aRowStride: 1, aColStride: m`.
    public static func gemm(m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                            b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                            accumulate: Bool, variant: Variant = Kernels.defaultVariant) {
        if n < 8 && aColStride == 1 && k >= 8 {
            gemmDot(m: m, n: n, k: k, a: a, lda: aRowStride, b: b, c: c, accumulate: accumulate)
            return
        }
        #if arch(x86_64)
        if variant == .avx512 && CPUFeatures.hasAVX512 {
            AVX512Kernels.gemm(m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                               b: b, c: c, accumulate: accumulate)
            return
        }
        #endif
        GemmCore.gemm(V8.self, m: m, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                      b: b, c: c, accumulate: accumulate)
    }

    /// tanh in place over `count` values.
    public static func applyTanh(_ x: UnsafeMutablePointer<Float>, count: Int, variant: Variant = Kernels.defaultVariant) {
        #if arch(x86_64)
        if variant == .avx512 && CPUFeatures.hasAVX512 {
            AVX512Kernels.applyTanh(x, count: count)
            return
        }
        #endif
        GemmCore.applyTanh(V8.self, x, count: count)
    }

    /// Few output columns (a policy or value head) and contiguous rows of A: each output is a dot
    /// product of a row of A with a column of B, vectorised along k.
    static func gemmDot(m: Int, n: Int, k: Int, a: UnsafePointer<Float>, lda: Int,
                        b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, accumulate: Bool) {
        withUnsafeTemporaryAllocation(of: Float.self, capacity: n &* k) { scratch in
            guard let bt = scratch.baseAddress else { return }
            transpose(rows: k, cols: n, b, into: bt)
            for i in 0..<m {
                let ar = a + i &* lda
                for j in 0..<n {
                    let br = UnsafePointer(bt + j &* k)
                    var s0 = V8(), s1 = V8()
                    var p = 0
                    while p &+ 16 <= k {
                        fma(&s0, load8(ar + p), load8(br + p))
                        fma(&s1, load8(ar + (p &+ 8)), load8(br + (p &+ 8)))
                        p &+= 16
                    }
                    if p &+ 8 <= k { fma(&s0, load8(ar + p), load8(br + p)); p &+= 8 }
                    var s = (s0 + s1).sum()
                    while p < k { s += ar[p] * br[p]; p &+= 1 }
                    let idx = i &* n &+ j
                    c[idx] = accumulate ? c[idx] + s : s
                }
            }
        }
    }

    /// `out = inᵀ` for a row-major `rows×cols` input.
    public static func transpose(rows: Int, cols: Int, _ src: UnsafePointer<Float>,
                                 into dst: UnsafeMutablePointer<Float>) {
        for r in 0..<rows {
            let s = src + r &* cols
            for c in 0..<cols { dst[c &* rows &+ r] = s[c] }
        }
    }

    /// Adds `bias` (length n) to every row of the row-major `m×n` matrix.
    public static func addBias(m: Int, n: Int, _ x: UnsafeMutablePointer<Float>, bias: UnsafePointer<Float>) {
        for i in 0..<m {
            let row = x + i &* n
            for j in 0..<n { row[j] += bias[j] }
        }
    }

    /// `out[j] = Σ_i x[i, j]` (the bias gradient), overwriting `out`.
    public static func columnSums(m: Int, n: Int, _ x: UnsafePointer<Float>, into out: UnsafeMutablePointer<Float>) {
        out.update(repeating: 0, count: n)
        var j = 0
        while j &+ 8 <= n {
            var acc = V8()
            var p = x + j
            for _ in 0..<m { acc += load8(p); p += n }
            store8(acc, out + j)
            j &+= 8
        }
        while j < n {
            var s: Float = 0
            for i in 0..<m { s += x[i &* n &+ j] }
            out[j] = s
            j &+= 1
        }
    }

    /// Sum of squares in Double (for gradient norms).
    public static func sumOfSquares(_ x: UnsafePointer<Float>, count: Int) -> Double {
        var acc = V8()
        var i = 0
        var total = 0.0
        while i &+ 8 <= count {
            let v = load8(x + i)
            acc += v * v
            i &+= 8
            if i % 1024 == 0 {
                for l in 0..<8 { total += Double(acc[l]) }
                acc = V8()
            }
        }
        for l in 0..<8 { total += Double(acc[l]) }
        while i < count { total += Double(x[i]) * Double(x[i]); i &+= 1 }
        return total
    }
}
