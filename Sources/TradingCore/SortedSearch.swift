import Foundation

extension RandomAccessCollection where Element: Comparable, Index == Int {
    /// In a collection sorted ascending: the index of the first element ≥ `value` (`endIndex`
    /// when none). Bar times, session lists and decision times are searched with it.
    @inlinable
    public func firstIndex(atOrAfter value: Element) -> Int {
        var lo = startIndex, hi = endIndex
        while lo < hi {
            let mid = lo + (hi - lo) / 2
            if self[mid] < value { lo = mid + 1 } else { hi = mid }
        }
        return lo
    }
}
