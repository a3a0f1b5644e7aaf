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
///
/// A key and its entry share a slot (one cache line per probe), and a bitmap of the keys' hashes,
/// small enough to stay in L1, answers most misses (most words are in no lexicon) without
/// touching the slots at all.
public struct LexiconTable: Sendable {
    struct Slot: Sendable {
        var key: UInt64 = 0  // 0: empty
        var entry = LexiconEntry()
    }

    private var slots: [Slot]
    private var mask: Int
    /// Bit `filterBit(key)` is set for every key in the table.
    private var filter: [UInt64]
    public private(set) var count = 0

    public init(capacity: Int = 16_384) {
        var size = 16
        while size < capacity * 2 { size <<= 1 }
        slots = Array(repeating: Slot(), count: size)
        mask = size - 1
        filter = Array(repeating: 0, count: max(size / 8, 1))  // 8 filter bits per slot: ~6 % false positives at half load
    }

    @inline(__always) fileprivate static func slotKey(_ h: UInt64) -> UInt64 { h == 0 ? 1 : h }

    @inline(__always) private func filterBit(_ key: UInt64) -> (word: Int, bit: UInt64) {
        let b = Int(truncatingIfNeeded: key >> 40) & (filter.count &* 64 &- 1)
        return (b &>> 6, 1 &<< UInt64(b & 63))
    }

    /// The entry for `hash`, if any.
    @inline(__always)
    public func lookup(_ hash: UInt64) -> LexiconEntry? {
        withReader { $0.lookup(hash) }
    }

    /// Calls `body` with a reader over the table, for loops of look-ups: its pointers and masks
    /// stay in registers, where the table's own fields were reloaded for every token (stores to
    /// the caller's buffers might, as far as the compiler knows, have changed them).
    @inline(__always)
    func withReader<R>(_ body: (Reader) -> R) -> R {
        slots.withUnsafeBufferPointer { s in
            filter.withUnsafeBufferPointer { f in
                body(Reader(slots: s, mask: mask, filter: f, filterMask: f.count &* 64 &- 1))
            }
        }
    }

    /// Unchecked look-ups; valid inside `withReader`.
    struct Reader {
        let slots: UnsafeBufferPointer<Slot>
        let mask: Int
        let filter: UnsafeBufferPointer<UInt64>
        /// Bits in the filter, minus one.
        let filterMask: Int

        /// The entry for `hash`, if any.
        @inline(__always)
        func lookup(_ hash: UInt64) -> LexiconEntry? {
            let key = LexiconTable.slotKey(hash)
            let b = Int(truncatingIfNeeded: key >> 40) & filterMask
            guard filter[b &>> 6] & (1 &<< UInt64(b & 63)) != 0 else { return nil }
            var i = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
            while true {
                let found = slots[i].key
                if found == key { return slots[i].entry }
                if found == 0 { return nil }
                i = (i &+ 1) & mask
            }
        }
    }

    /// Updates (or inserts) the entry for `hash` in place.
    public mutating func update(_ hash: UInt64, _ change: (inout LexiconEntry) -> Void) {
        if (count + 1) * 2 > slots.count { grow() }
        let key = Self.slotKey(hash)
        var i = Int(truncatingIfNeeded: key ^ (key >> 29)) & mask
        while slots[i].key != 0 && slots[i].key != key { i = (i + 1) & mask }
        if slots[i].key == 0 {
            slots[i].key = key
            count += 1
            let (word, bit) = filterBit(key)
            filter[word] |= bit
        }
        change(&slots[i].entry)
    }

    private mutating func grow() {
        let old = slots
        self = LexiconTable(capacity: old.count)
        for slot in old where slot.key != 0 { update(slot.key) { $0 = slot.entry } }
    }
}
