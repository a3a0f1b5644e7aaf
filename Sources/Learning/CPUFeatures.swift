import Foundation

/// What the CPU supports, detected once at run time, so one binary can use AVX-512 kernels where
/// they exist and stay safe on CPUs without them.
enum CPUFeatures {
    /// AVX-512F, BW, DQ and VL (what `-target-cpu skylake-avx512` code may use), read from the
    /// kernel's `/proc/cpuinfo` flags on Linux x86-64; false anywhere else.
    static let hasAVX512: Bool = {
        #if arch(x86_64) && os(Linux)
        guard let info = try? String(contentsOfFile: "/proc/cpuinfo", encoding: .utf8),
              let flagsLine = info.split(separator: "\n").first(where: { $0.hasPrefix("flags") }) else { return false }
        let flags = Set(flagsLine.split(separator: " ").map(String.init))
        return ["avx512f", "avx512bw", "avx512dq", "avx512vl"].allSatisfy(flags.contains)
        #else
        return false
        #endif
    }()
}
