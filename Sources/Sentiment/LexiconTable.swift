import Foundation

/// What the lexicon knows about one word: its valence and its roles in the rules.
public struct LexiconEntry: Sendable, Hashable {
    /// Valence on VADER's [-4, 4] scale (0 when the word has none).
    public var valence: Float = 0
    /// Intensity change for the next sentiment word (+0.293 booster, -0.293 dampener).
    public var booster: Float = 0
    /// +1 / -1 for change words (`rose` / `fell`), else 0.
    public var direction: Int8 = 0
    /// +1 / -1 for quantities whose rise is good / bad, else 0.
    public var quantity: Int8 = 0
    /// Bit set of the `LexiconEntry.*` role flags.
    public var roles: UInt8 = 0

    public static let negation: UInt8 = 1
    public static let contrast: UInt8 = 2
    /// The valence comes from the finance lexicon (full weight) rather than VADER (scaled).
    public static let finance: UInt8 = 4
    /// A comparison marker (`compared`, `versus`, `from`): the numbers around it give a direction.
    public static let compare: UInt8 = 8
    /// The first word of a two-word phrase in `FinanceLexicon.phrases`.
    public static let phraseStart: UInt8 = 16

    public init() {}

    @inline(__always) public func has(_ role: UInt8) -> Bool { roles & role != 0 }
    var isEmpty: Bool { valence == 0 && booster == 0 && direction == 0 && quantity == 0 && roles == 0 }
}

/// An open-addressing hash table from token hash to `LexiconEntry`: lookups cost one or two probes
/// and never build a String, which is what lets the lexicon analyzer score ~10⁶ texts/s.
public struct LexiconTable: Sendable {
    private var keys: [UInt64]
    private var values: [LexiconEntry]
    private var mask: Int
    public private(set) var count = 0

    public init(capacity: Int = 16_384) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        keys = Array(repeating: 0, count: size)
        values = Array(repeating: LexiconEntry(), count: size)
        mask = size - 1
    }

    @inline(__always) private static func slotKey(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    /// The entry for `hash`, if any.
    @inline(__always)
    public func lookup(_ hash: UInt64) -> LexiconEntry? {
        let key = Self.slotKey(hash)
        var i = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        return keys.withUnsafeBufferPointer { k in
            while true {
                let found = k[i]
                if found == key { return values[i] }
                if found == 0 { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Updates (or inserts) the entry for `hash` in place.
    public mutating func update(_ hash: UInt64, _ change: (inout LexiconEntry) -> Void) {
        if (count + 1) * 2 > keys.count { grow() }
        let key = Self.slotKey(hash)
        var i = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while keys[i] != 0 && keys[i] != key { i = (i + 1) & mask }
        if keys[i] == 0 {
            keys[i] = key
            count += 1
        }
        change(&values[i])
    }

    private mutating func grow() {
        let oldKeys = keys, oldValues = values
        self = LexiconTable(capacity: oldKeys.count)
        for (k, v) in zip(oldKeys, oldValues) where k != 0 { update(k) { $0 = v } }
    }
}
