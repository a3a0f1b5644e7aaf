/// The learner's matrix-multiply and tanh kernels written once, generic over the SIMD vector type,
/// so that each caller module specialises them under its own CPU flags: `Learning` instantiates
/// them with `SIMD8<Float>` for AVX2+FMA (or any CPU), `LearningKernelsAVX512` with
/// `SIMD16<Float>` compiled for AVX-512 and chosen at run time when the CPU has it.
///
/// The multiply keeps a 4-row × 2-vector tile of C in eight registers and streams rows of B; index
/// math uses wrapping operators on hoisted pointers so nothing blocks vectorisation. With
/// `SENTRADE_FMA` (set with an x86-64 `-target-cpu` in Package.swift) the inner product is a fused
/// multiply-add instruction; without it, a plain multiply and add — never a per-element
/// library call.
public enum GemmCore {
    /// `C = A·B` (or `C += A·B`), C row-major `m×n`, B row-major `k×n`, A element (i, p) at
    /// `a[i*aRowStride + p*aColStride]` (so a transposed view is `aRowStride: 1, aColStride: m`).
    @inlinable
    public static func gemm<V: KernelVector>(_: V.Type, m: Int, n: Int, k: Int,
                                     a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                                     b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                                     accumulate: Bool) {
        let w = V.width
        var i = 0
        while i &+ 4 <= m {
            let a0 = a + i &* aRowStride
            let a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
            var j = 0
            while j &+ 2 &* w <= n {
                var r00 = V.zero, r01 = V.zero, r10 = V.zero, r11 = V.zero
                var r20 = V.zero, r21 = V.zero, r30 = V.zero, r31 = V.zero
                var bp = b + j
                var off = 0
                for _ in 0..<k {
                    let b0: V = V.load(bp), b1: V = V.load(bp + w)
                    let x0 = V(broadcast: a0[off]), x1 = V(broadcast: a1[off])
                    let x2 = V(broadcast: a2[off]), x3 = V(broadcast: a3[off])
                    r00.multiplyAdd(x0, b0); r01.multiplyAdd(x0, b1)
                    r10.multiplyAdd(x1, b0); r11.multiplyAdd(x1, b1)
                    r20.multiplyAdd(x2, b0); r21.multiplyAdd(x2, b1)
                    r30.multiplyAdd(x3, b0); r31.multiplyAdd(x3, b1)
                    bp += n
                    off &+= aColStride
                }
                let c0 = c + (i &* n &+ j), c1 = c0 + n, c2 = c1 + n, c3 = c2 + n
                if accumulate {
                    r00 = r00 + V.load(c0); r01 = r01 + V.load(c0 + w); r10 = r10 + V.load(c1); r11 = r11 + V.load(c1 + w)
                    r20 = r20 + V.load(c2); r21 = r21 + V.load(c2 + w); r30 = r30 + V.load(c3); r31 = r31 + V.load(c3 + w)
                }
                r00.store(c0); r01.store(c0 + w); r10.store(c1); r11.store(c1 + w)
                r20.store(c2); r21.store(c2 + w); r30.store(c3); r31.store(c3 + w)
                j &+= 2 &* w
            }
            for row in i..<(i &+ 4) { gemmRow(V.self, row: row, from: j, n: n, k: k, a: a, aRowStride: aRowStride,
                                               aColStride: aColStride, b: b, c: c, accumulate: accumulate) }
            i &+= 4
        }
        while i < m {
            gemmRow(V.self, row: i, from: 0, n: n, k: k, a: a, aRowStride: aRowStride, aColStride: aColStride,
                    b: b, c: c, accumulate: accumulate)
            i &+= 1
        }
    }

    /// One row of C from column `from` on: 4-vector blocks, 1-vector blocks, then scalars.
    @inlinable @inline(__always)
    static func gemmRow<V: KernelVector>(_: V.Type, row i: Int, from start: Int, n: Int, k: Int,
                                 a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                                 b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                                 accumulate: Bool) {
        let w = V.width
        let ar = a + i &* aRowStride
        let cr = c + i &* n
        var j = start
        while j &+ 4 &* w <= n {
            var r0 = V.zero, r1 = V.zero, r2 = V.zero, r3 = V.zero
            var bp = b + j
            var off = 0
            for _ in 0..<k {
                let x = V(broadcast: ar[off])
                r0.multiplyAdd(x, V.load(bp)); r1.multiplyAdd(x, V.load(bp + w))
                r2.multiplyAdd(x, V.load(bp + 2 &* w)); r3.multiplyAdd(x, V.load(bp + 3 &* w))
                bp += n
                off &+= aColStride
            }
            let cp = cr + j
            if accumulate { r0 = r0 + V.load(cp); r1 = r1 + V.load(cp + w); r2 = r2 + V.load(cp + 2 &* w); r3 = r3 + V.load(cp + 3 &* w) }
            r0.store(cp); r1.store(cp + w); r2.store(cp + 2 &* w); r3.store(cp + 3 &* w)
            j &+= 4 &* w
        }
        while j &+ w <= n {
            var r = V.zero
            var bp = b + j
            var off = 0
            for _ in 0..<k {
                r.multiplyAdd(V(broadcast: ar[off]), V.load(bp))
                bp += n
                off &+= aColStride
            }
            if accumulate { r = r + V.load(cr + j) }
            r.store(cr + j)
            j &+= w
        }
        while j < n {
            var s: Float = 0
            var off = 0
            var bp = b + j
            for _ in 0..<k {
                // Fused like the vector lanes, so every variant rounds every element identically.
                #if SENTRADE_FMA
                s = s.addingProduct(ar[off], bp.pointee)
                #else
                s += ar[off] * bp.pointee
                #endif
                off &+= aColStride
                bp += n
            }
            cr[j] = accumulate ? cr[j] + s : s
            j &+= 1
        }
    }

    /// tanh on a vector: a 13/6 odd rational approximation on [−9, 9] (Eigen's
    /// `generic_fast_tanh_float` coefficients; max error a few ulp), `x` itself for |x| < 4e-4.
    @inlinable @inline(__always)
    public static func tanh<V: KernelVector>(_ input: V) -> V {
        let x = input.clampedMagnitude(9)
        let x2 = x * x
        var p = V(broadcast: -2.76076847742355e-16)
        p = p * x2 + V(broadcast: 2.00018790482477e-13)
        p = p * x2 + V(broadcast: -8.60467152213735e-11)
        p = p * x2 + V(broadcast: 5.12229709037114e-08)
        p = p * x2 + V(broadcast: 1.48572235717979e-05)
        p = p * x2 + V(broadcast: 6.37261928875436e-04)
        p = p * x2 + V(broadcast: 4.89352455891786e-03)
        p = p * x
        var q = V(broadcast: 1.19825839466702e-06)
        q = q * x2 + V(broadcast: 1.18534705686654e-04)
        q = q * x2 + V(broadcast: 2.26843463243900e-03)
        q = q * x2 + V(broadcast: 4.89352518554385e-03)
        return (p / q).replacingSmall(of: input, below: 0.0004)
    }

    /// tanh in place over `count` values.
    @inlinable
    public static func applyTanh<V: KernelVector>(_: V.Type, _ x: UnsafeMutablePointer<Float>, count: Int) {
        let w = V.width
        var i = 0
        while i &+ w <= count {
            tanh(V.load(x + i)).store(x + i)
            i &+= w
        }
        while i < count {
            x[i] = tanh(SIMD8<Float>(repeating: x[i]))[0]
            i &+= 1
        }
    }
}
