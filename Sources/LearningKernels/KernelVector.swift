/// The handful of vector operations the kernels use, as protocol requirements implemented by the
/// concrete `SIMD8<Float>` and `SIMD16<Float>`.
///
/// Why not plain generic `SIMD` code: operators on a generic `V: SIMD` resolve to the standard
/// library's element-by-element protocol extensions, which measured 7× slower than the concrete
/// types' vector builtins. Requirements implemented per concrete type, all `@inlinable`, are
/// specialised and inlined in the calling module under that module's CPU flags. The two
/// conformances below are deliberately the same text for two concrete types: that repetition is
/// what makes each one compile to its own vector instructions.
public protocol KernelVector {
    static var width: Int { get }
    static var zero: Self { get }
    init(broadcast value: Float)
    static func load(_ p: UnsafePointer<Float>) -> Self
    func store(_ p: UnsafeMutablePointer<Float>)
    /// self += a·b (fused when `SENTRADE_FMA`).
    mutating func multiplyAdd(_ a: Self, _ b: Self)
    static func + (lhs: Self, rhs: Self) -> Self
    static func * (lhs: Self, rhs: Self) -> Self
    static func / (lhs: Self, rhs: Self) -> Self
    /// Clamps every lane to [−bound, bound].
    func clampedMagnitude(_ bound: Float) -> Self
    /// Lanes with |original| < threshold take `original`'s value.
    func replacingSmall(of original: Self, below threshold: Float) -> Self
}

extension SIMD8: KernelVector where Scalar == Float {
    @inlinable public static var width: Int { 8 }
    @inlinable public static var zero: Self { Self() }
    @inlinable @inline(__always) public init(broadcast value: Float) { self.init(repeating: value) }
    @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
    @inlinable @inline(__always) public func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
    @inlinable @inline(__always) public mutating func multiplyAdd(_ a: Self, _ b: Self) {
        #if SENTRADE_FMA
        self = self.addingProduct(a, b)
        #else
        self = self + a * b
        #endif
    }
    @inlinable @inline(__always) public func clampedMagnitude(_ bound: Float) -> Self {
        let hi = Self(repeating: bound)
        return replacing(with: hi, where: self .> hi).replacing(with: -hi, where: self .< -hi)
    }
    @inlinable @inline(__always) public func replacingSmall(of original: Self, below threshold: Float) -> Self {
        let t = Self(repeating: threshold)
        return replacing(with: original, where: (original .< t) .& (original .> -t))
    }
}

extension SIMD16: KernelVector where Scalar == Float {
    @inlinable public static var width: Int { 16 }
    @inlinable public static var zero: Self { Self() }
    @inlinable @inline(__always) public init(broadcast value: Float) { self.init(repeating: value) }
    @inlinable @inline(__always) public static func load(_ p: UnsafePointer<Float>) -> Self {
        UnsafeRawPointer(p).loadUnaligned(as: Self.self)
    }
    @inlinable @inline(__always) public func store(_ p: UnsafeMutablePointer<Float>) {
        UnsafeMutableRawPointer(p).storeBytes(of: self, as: Self.self)
    }
    @inlinable @inline(__always) public mutating func multiplyAdd(_ a: Self, _ b: Self) {
        #if SENTRADE_FMA
        self = self.addingProduct(a, b)
        #else
        self = self + a * b
        #endif
    }
    @inlinable @inline(__always) public func clampedMagnitude(_ bound: Float) -> Self {
        let hi = Self(repeating: bound)
        return replacing(with: hi, where: self .> hi).replacing(with: -hi, where: self .< -hi)
    }
    @inlinable @inline(__always) public func replacingSmall(of original: Self, below threshold: Float) -> Self {
        let t = Self(repeating: threshold)
        return replacing(with: original, where: (original .< t) .& (original .> -t))
    }
}
