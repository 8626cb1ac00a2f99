/// An open-addressing hash set of byte strings that gives each distinct string a dense `Int32` id.
///
/// Used for node ids, key ids and SRLG texts, which a large file repeats millions of times: looking up the bytes
/// libxml2 hands over needs no Swift `String` and no allocation. Hash: word-at-a-time multiply-mix with the
/// SplitMix64 finalizer (`hash(_:)`); collisions are resolved by linear probing at a load factor of at most 1/2.
struct ByteInterner {
    /// Every interned string, back to back.
    private var storage: [UInt8] = []
    /// `offsets[i] ..< offsets[i + 1]` is string `i` in `storage`.
    private var offsets: [Int] = [0]
    /// The 32 low bits of each string's hash (for rehashing without touching the bytes).
    private var hashes: [UInt32] = []
    /// Hash slots: the string's 32-bit hash in the high half, its id + 1 in the low half; 0 is empty. Keeping the
    /// hash in the slot means a probe touches the bytes only on a real match.
    private var slots: [UInt64] = Array(repeating: 0, count: 64)

    /// Number of distinct strings.
    var count: Int { hashes.count }

    /// Reserves room for `capacity` strings of about `averageLength` bytes; `tableToo: false` reserves only the
    /// append-only arrays (untouched reserve costs address space), not the hash table, which an estimate too
    /// large would spread over memory.
    mutating func reserveCapacity(_ capacity: Int, averageLength: Int = 12, tableToo: Bool = true) {
        storage.reserveCapacity(capacity * averageLength)
        offsets.reserveCapacity(capacity + 1)
        hashes.reserveCapacity(capacity)
        guard tableToo else { return }
        var size = slots.count
        while size < capacity * 2 { size *= 2 }
        if size > slots.count { rehash(to: size) }
    }

    /// The id of `bytes`, inserting it when new; `inserted` tells which.
    /// - Complexity: O(length) expected.
    @inline(__always)
    mutating func intern(_ bytes: UnsafeBufferPointer<UInt8>) -> (id: Int32, inserted: Bool) {
        let hash = Self.hash(bytes)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash)) << 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { break }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(Int(id), bytes) { return (id, false) }
            }
            slot = (slot + 1) & mask
        }
        let id = Int32(hashes.count)
        storage.append(contentsOf: bytes)
        offsets.append(storage.count)
        hashes.append(UInt32(truncatingIfNeeded: hash))
        slots[slot] = tag | UInt64(UInt32(id) + 1)
        if hashes.count * 2 > slots.count { rehash(to: slots.count * 2) }
        return (id, true)
    }

    /// The id of string `id` of `other`, inserting it when new; its stored hash is reused, not recomputed (a slot
    /// and its tag depend only on the hash's low 32 bits).
    /// - Complexity: O(length) expected.
    mutating func intern(copyOf id: Int, from other: ByteInterner) -> (id: Int32, inserted: Bool) {
        let hash = other.hashes[id]
        let tag = UInt64(hash) << 32
        let mask = slots.count - 1
        var slot = Int(hash) & mask
        let range = other.offsets[id]..<other.offsets[id + 1]
        return other.storage.withUnsafeBufferPointer { whole in
            let bytes = UnsafeBufferPointer(rebasing: whole[range])
            while true {
                let entry = slots[slot]
                if entry == 0 { break }
                if entry & 0xFFFF_FFFF_0000_0000 == tag {
                    let found = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                    if equals(Int(found), bytes) { return (found, false) }
                }
                slot = (slot + 1) & mask
            }
            let fresh = Int32(hashes.count)
            storage.append(contentsOf: bytes)
            offsets.append(storage.count)
            hashes.append(hash)
            slots[slot] = tag | UInt64(UInt32(fresh) + 1)
            if hashes.count * 2 > slots.count { rehash(to: slots.count * 2) }
            return (fresh, true)
        }
    }

    /// The id of `bytes` if it was interned.
    /// - Complexity: O(length) expected.
    func find(_ bytes: UnsafeBufferPointer<UInt8>) -> Int32? {
        let hash = Self.hash(bytes)
        let tag = UInt64(UInt32(truncatingIfNeeded: hash)) << 32
        let mask = slots.count - 1
        var slot = Int(truncatingIfNeeded: hash) & mask
        while true {
            let entry = slots[slot]
            if entry == 0 { return nil }
            if entry & 0xFFFF_FFFF_0000_0000 == tag {
                let id = Int32(truncatingIfNeeded: entry & 0xFFFF_FFFF) - 1
                if equals(Int(id), bytes) { return id }
            }
            slot = (slot + 1) & mask
        }
    }

    /// The string with this id.
    func string(_ id: Int32) -> String {
        let range = offsets[Int(id)]..<offsets[Int(id) + 1]
        return storage.withUnsafeBufferPointer { String(decoding: UnsafeBufferPointer(rebasing: $0[range]), as: UTF8.self) }
    }

    @inline(__always)
    private func equals(_ id: Int, _ bytes: UnsafeBufferPointer<UInt8>) -> Bool {
        let start = offsets[id]
        let length = offsets[id + 1] - start
        if length != bytes.count { return false }
        return storage.withUnsafeBufferPointer { stored in
            guard let base = stored.baseAddress, let other = bytes.baseAddress else { return length == 0 }
            return memcmpBytes(base + start, other, length)
        }
    }

    private mutating func rehash(to size: Int) {
        var fresh = [UInt64](repeating: 0, count: size)
        let mask = size - 1
        for id in 0..<hashes.count {
            var slot = Int(hashes[id]) & mask
            while fresh[slot] != 0 { slot = (slot + 1) & mask }
            fresh[slot] = UInt64(hashes[id]) << 32 | UInt64(UInt32(id) + 1)
        }
        slots = fresh
    }

    /// Eight bytes at a time: each word is mixed in with a multiply and a shift (the step of FxHash / wyhash-style
    /// hashes), the tail word zero-padded, then the SplitMix64 finalizer (Steele, Lea, Flood, OOPSLA 2014) spreads
    /// every input bit over the low bits that pick the slot. About 4× fewer dependent multiplies than byte-wise
    /// FNV-1a on the 15–30-byte ids of large designs.
    @inline(__always)
    static func hash(_ bytes: UnsafeBufferPointer<UInt8>) -> UInt64 {
        var hash: UInt64 = 0xcbf2_9ce4_8422_2325 ^ UInt64(bytes.count)
        guard let base = bytes.baseAddress else { return hash }
        let raw = UnsafeRawPointer(base)
        let count = bytes.count
        var index = 0
        while index + 8 <= count {
            hash = (hash ^ raw.loadUnaligned(fromByteOffset: index, as: UInt64.self)) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
            index += 8
        }
        if index < count {
            var tail: UInt64 = 0
            var shift: UInt64 = 0
            while index < count {
                tail |= UInt64(base[index]) << shift
                shift += 8
                index += 1
            }
            hash = (hash ^ tail) &* 0x9E37_79B9_7F4A_7C15
            hash ^= hash >> 32
        }
        hash = (hash ^ (hash >> 30)) &* 0xBF58_476D_1CE4_E5B9
        hash = (hash ^ (hash >> 27)) &* 0x94D0_49BB_1331_11EB
        return hash ^ (hash >> 31)
    }
}

/// Byte-wise equality of two buffers of `count` bytes.
@inline(__always)
func memcmpBytes(_ lhs: UnsafePointer<UInt8>, _ rhs: UnsafePointer<UInt8>, _ count: Int) -> Bool {
    if count >= 8 {
        // Whole words, then the last (possibly overlapping) word.
        var index = 0
        while index + 8 <= count {
            if UnsafeRawPointer(lhs + index).loadUnaligned(as: UInt64.self) != UnsafeRawPointer(rhs + index).loadUnaligned(as: UInt64.self) {
                return false
            }
            index += 8
        }
        let last = count - 8
        return UnsafeRawPointer(lhs + last).loadUnaligned(as: UInt64.self) == UnsafeRawPointer(rhs + last).loadUnaligned(as: UInt64.self)
    }
    var index = 0
    while index < count {
        if lhs[index] != rhs[index] { return false }
        index += 1
    }
    return true
}
