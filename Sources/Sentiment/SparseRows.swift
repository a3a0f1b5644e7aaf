import Foundation

/// The hashed-feature rows of a `LinearModel`, padded to 4 lanes, with only the nonzero rows
/// stored: a model trained on a few thousand texts uses ~17 % of its 2¹⁸ buckets, so inference
/// reads ~1 MB (0.8 MB of rows and a byte per bucket), which mostly stays in a core's L2 cache,
/// instead of 4 MB, which does not.
///
/// Rows are stored in blocks of 64 buckets, each block starting with a zero row that its absent
/// buckets point to, so a look-up has no branch. Adding a zero row instead of an all-±0 one leaves
/// a sum of rows bit-for-bit unchanged: a sum that starts at +0 never becomes −0, and adding ±0 to
/// anything else changes nothing.
struct SparseRows: Sendable, Hashable {
    /// Where each block of 64 buckets starts in `rows` (at its zero row).
    private let base: [UInt32]
    /// For each bucket, its row's position within its block (0: the block's zero row).
    private let offset: [UInt8]
    /// Per block: a zero row, then the block's nonzero rows in order.
    private let rows: [SIMD4<Float>]

    /// The first `count` rows of `weights` (`k` ≤ 4 values per row).
    init(weights: [Float], k: Int, count: Int) {
        var base = [UInt32](repeating: 0, count: count / 64 + 1)
        var offset = [UInt8](repeating: 0, count: count)
        var rows: [SIMD4<Float>] = []
        for r in 0..<count {
            if r % 64 == 0 {
                base[r / 64] = UInt32(rows.count)
                rows.append(.zero)
            }
            var row = SIMD4<Float>.zero
            for c in 0..<k { row[c] = weights[r * k + c] }
            guard (0..<k).contains(where: { row[$0] != 0 }) else { continue }  // ±0 only: the zero row
            offset[r] = UInt8(rows.count - Int(base[r / 64]))
            rows.append(row)
        }
        self.base = base
        self.offset = offset
        self.rows = rows
    }

    /// Calls `body` with a reader over the rows (for inference loops).
    func withReader<R>(_ body: (Reader) -> R) -> R {
        base.withUnsafeBufferPointer { b in
            offset.withUnsafeBufferPointer { o in
                rows.withUnsafeBufferPointer { r in body(Reader(base: b, offset: o, rows: r)) }
            }
        }
    }

    /// Unchecked access to the rows; valid inside `withReader`.
    struct Reader {
        let base: UnsafeBufferPointer<UInt32>
        let offset: UnsafeBufferPointer<UInt8>
        let rows: UnsafeBufferPointer<SIMD4<Float>>

        /// Row `r` (one of the first `count`; zeros when not stored).
        @inline(__always)
        subscript(r: Int) -> SIMD4<Float> { rows[Int(base[r &>> 6]) &+ Int(offset[r])] }
    }
}
