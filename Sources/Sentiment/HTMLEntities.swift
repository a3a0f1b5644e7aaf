import Foundation

/// Decodes the HTML entities that social APIs leave in text (`&amp;`, `&lt;3`, `&#39;`, `&#x1F680;`)
/// so that emoticons and apostrophes are seen as the author typed them.
///
/// Works on UTF-8 bytes and always produces valid UTF-8: a numeric entity naming an invalid scalar
/// becomes U+FFFD, an unknown or unterminated entity is kept verbatim.
enum HTMLEntities {
    /// Whether `input` contains an `&` (so `decode` may change it), by `memchr` rather than a
    /// byte-by-byte loop: most texts have none and this runs once per scored text.
    @inline(__always)
    static func mayContainEntity(_ input: UnsafeBufferPointer<UInt8>) -> Bool {
        guard let base = input.baseAddress, !input.isEmpty else { return false }
        return memchr(base, 0x26, input.count) != nil
    }

    static func decode(_ input: UnsafeBufferPointer<UInt8>) -> [UInt8] {
        var out: [UInt8] = []
        out.reserveCapacity(input.count)
        let n = input.count
        var i = 0
        while i < n {
            let c = input[i]
            guard c == 0x26, let (bytes, next) = entity(input, at: i) else {
                out.append(c)
                i += 1
                continue
            }
            out.append(contentsOf: bytes)
            i = next
        }
        return out
    }

    /// The replacement bytes and the index after the `;`, or nil when `&` at `start` starts no entity.
    private static func entity(_ b: UnsafeBufferPointer<UInt8>, at start: Int) -> ([UInt8], Int)? {
        var end = start + 1
        let limit = min(b.count, start + 12)
        while end < limit && b[end] != 0x3B { end += 1 }
        guard end < limit, end > start + 1 else { return nil }
        let body = Array(b[(start + 1)..<end])
        let next = end + 1
        switch body {
        case Array("amp".utf8): return ([0x26], next)
        case Array("lt".utf8): return ([0x3C], next)
        case Array("gt".utf8): return ([0x3E], next)
        case Array("quot".utf8): return ([0x22], next)
        case Array("apos".utf8): return ([0x27], next)
        case Array("nbsp".utf8): return ([0x20], next)
        default: break
        }
        guard body.first == 0x23, body.count >= 2 else { return nil }
        let isHex = body[1] == 0x78 || body[1] == 0x58
        let digits = body[(isHex ? 2 : 1)...]
        guard !digits.isEmpty, let value = UInt32(String(decoding: digits, as: UTF8.self), radix: isHex ? 16 : 10) else {
            return nil
        }
        let replacement: Unicode.Scalar = "\u{FFFD}"
        let scalar = value == 0 ? Unicode.Scalar(UInt8(0x20)) : (Unicode.Scalar(value) ?? replacement)
        return (Array(String(Character(scalar)).utf8), next)
    }
}
