import Foundation

/// Dense Float32 kernels for the learner: one register-blocked matrix multiply and the few
/// element-wise passes around it.
///
/// Why hand-written: a PPO update on CartPole is ~1e11 FLOP of 256×64·64×64 products, so speed is
/// kernel speed. The multiply keeps a 4×16 tile of C in eight SIMD8 registers and streams rows of
/// B; index math uses wrapping operators on hoisted pointers so that nothing blocks vectorisation.
/// With `SENTRADE_FMA` (set together with `-target-cpu haswell` in Package.swift on x86-64) the
/// inner product is a fused multiply-add instruction; without it, a plain multiply and add, which
/// is portable and never becomes a per-element library call.
public enum Kernels {
    public typealias V8 = SIMD8<Float>

    @inline(__always)
    static func load8(_ p: UnsafePointer<Float>) -> V8 {
        UnsafeRawPointer(p).loadUnaligned(as: V8.self)
    }

    @inline(__always)
    static func store8(_ v: V8, _ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: v, as: V8.self)
    }

    @inline(__always)
    static func fma(_ acc: inout V8, _ a: V8, _ b: V8) {
        #if SENTRADE_FMA
        acc.addProduct(a, b)
        #else
        acc = acc + a * b
        #endif
    }

    /// `C = A·B` (or `C += A·B` when `accumulate`), with C row-major `m×n`, B row-major `k×n`, and
    /// A read through strides: element (i, p) at `a[i*aRowStride + p*aColStride]`. A transposed
    /// view of a row-major matrix X (`k×m`) is `aRowStride: 1, aColStride: m`.
    public static func gemm(m: Int, n: Int, k: Int,
                            a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                            b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>,
                            accumulate: Bool) {
        if n < 8 && aColStride == 1 && k >= 8 {
            gemmDot(m: m, n: n, k: k, a: a, lda: aRowStride, b: b, c: c, accumulate: accumulate)
            return
        }
        var i = 0
        while i &+ 4 <= m {
            let a0 = a + i &* aRowStride
            let a1 = a0 + aRowStride, a2 = a1 + aRowStride, a3 = a2 + aRowStride
            let c0 = c + i &* n
            var j = 0
            while j &+ 16 <= n {
                var r00 = V8(), r01 = V8(), r10 = V8(), r11 = V8()
                var r20 = V8(), r21 = V8(), r30 = V8(), r31 = V8()
                var bp = b + j
                var off = 0
                for _ in 0..<k {
                    let b0 = load8(bp), b1 = load8(bp + 8)
                    let x0 = V8(repeating: a0[off]), x1 = V8(repeating: a1[off])
                    let x2 = V8(repeating: a2[off]), x3 = V8(repeating: a3[off])
                    fma(&r00, x0, b0); fma(&r01, x0, b1)
                    fma(&r10, x1, b0); fma(&r11, x1, b1)
                    fma(&r20, x2, b0); fma(&r21, x2, b1)
                    fma(&r30, x3, b0); fma(&r31, x3, b1)
                    bp += n
                    off &+= aColStride
                }
                let cp = c0 + j
                if accumulate {
                    r00 += load8(cp); r01 += load8(cp + 8)
                    r10 += load8(cp + n); r11 += load8(cp + n + 8)
                    r20 += load8(cp + 2 &* n); r21 += load8(cp + 2 &* n + 8)
                    r30 += load8(cp + 3 &* n); r31 += load8(cp + 3 &* n + 8)
                }
                store8(r00, cp); store8(r01, cp + 8)
                store8(r10, cp + n); store8(r11, cp + n + 8)
                store8(r20, cp + 2 &* n); store8(r21, cp + 2 &* n + 8)
                store8(r30, cp + 3 &* n); store8(r31, cp + 3 &* n + 8)
                j &+= 16
            }
            if j < n {
                gemmScalarTail(rows: i..<(i + 4), cols: j..<n, k: k, a: a, aRowStride: aRowStride,
                               aColStride: aColStride, b: b, c: c, n: n, accumulate: accumulate)
            }
            i &+= 4
        }
        while i < m {
            let ar = a + i &* aRowStride
            let cr = c + i &* n
            var j = 0
            while j &+ 32 <= n {
                var r0 = V8(), r1 = V8(), r2 = V8(), r3 = V8()
                var bp = b + j
                var off = 0
                for _ in 0..<k {
                    let x = V8(repeating: ar[off])
                    fma(&r0, x, load8(bp)); fma(&r1, x, load8(bp + 8))
                    fma(&r2, x, load8(bp + 16)); fma(&r3, x, load8(bp + 24))
                    bp += n
                    off &+= aColStride
                }
                if accumulate {
                    r0 += load8(cr + j); r1 += load8(cr + j + 8); r2 += load8(cr + j + 16); r3 += load8(cr + j + 24)
                }
                store8(r0, cr + j); store8(r1, cr + j + 8); store8(r2, cr + j + 16); store8(r3, cr + j + 24)
                j &+= 32
            }
            while j &+ 8 <= n {
                var r = V8()
                var bp = b + j
                var off = 0
                for _ in 0..<k {
                    fma(&r, V8(repeating: ar[off]), load8(bp))
                    bp += n
                    off &+= aColStride
                }
                if accumulate { r += load8(cr + j) }
                store8(r, cr + j)
                j &+= 8
            }
            if j < n {
                gemmScalarTail(rows: i..<(i + 1), cols: j..<n, k: k, a: a, aRowStride: aRowStride,
                               aColStride: aColStride, b: b, c: c, n: n, accumulate: accumulate)
            }
            i &+= 1
        }
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

    /// Columns that do not fill a SIMD tile (e.g. a 2-logit policy head).
    @inline(__always)
    static func gemmScalarTail(rows: Range<Int>, cols: Range<Int>, k: Int,
                               a: UnsafePointer<Float>, aRowStride: Int, aColStride: Int,
                               b: UnsafePointer<Float>, c: UnsafeMutablePointer<Float>, n: Int,
                               accumulate: Bool) {
        for i in rows {
            let ar = a + i &* aRowStride
            for j in cols {
                var s: Float = 0
                var off = 0
                var bp = b + j
                for _ in 0..<k {
                    s += ar[off] * bp.pointee
                    off &+= aColStride
                    bp += n
                }
                let idx = i &* n &+ j
                c[idx] = accumulate ? c[idx] + s : s
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
