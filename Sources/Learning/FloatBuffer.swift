import Foundation

/// Float32 storage for parameters, gradients, activations and rollouts.
public typealias FloatBuffer = NumericBuffer<Float>
/// Int32 storage for sampled actions.
public typealias Int32Buffer = NumericBuffer<Int32>

/// Owned, fixed-size, zero-initialised numeric storage with a stable, 64-byte-aligned address.
///
/// The learner's hot loops (matrix kernels, Adam, rollouts) work on raw pointers so that the
/// compiler can vectorise them without exclusivity checks or copy-on-write (a `var` array inside
/// a class is checked at run time on every access); this class is the one place that owns such
/// memory and frees it.
public final class NumericBuffer<Element: Numeric> {
    public let count: Int
    public let pointer: UnsafeMutablePointer<Element>

    /// `count` zeros.
    public init(count: Int) {
        precondition(count >= 0, "a buffer cannot have a negative size")
        self.count = count
        let raw = UnsafeMutableRawPointer.allocate(byteCount: max(count, 1) * MemoryLayout<Element>.stride,
                                                   alignment: 64)
        pointer = raw.bindMemory(to: Element.self, capacity: max(count, 1))
        pointer.initialize(repeating: .zero, count: max(count, 1))
    }

    /// A copy of `values`.
    public convenience init(_ values: [Element]) {
        self.init(count: values.count)
        for i in 0..<values.count { pointer[i] = values[i] }
    }

    deinit {
        pointer.deinitialize(count: max(count, 1))
        pointer.deallocate()
    }

    public subscript(i: Int) -> Element {
        get { pointer[i] }
        set { pointer[i] = newValue }
    }

    /// The contents as an array.
    public var array: [Element] { Array(UnsafeBufferPointer(start: pointer, count: count)) }

    /// An independent copy.
    public func copy() -> NumericBuffer<Element> {
        let other = NumericBuffer<Element>(count: count)
        other.pointer.update(from: pointer, count: count)
        return other
    }

    /// Overwrites every element with `value`.
    public func fill(_ value: Element) {
        pointer.update(repeating: value, count: count)
    }

    /// Copies `other` (same count) into this buffer.
    public func assign(from other: NumericBuffer<Element>) {
        precondition(other.count == count, "buffer sizes differ")
        pointer.update(from: other.pointer, count: count)
    }
}
