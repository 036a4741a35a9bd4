/// Keccak-256 as Ethereum uses it (the original Keccak padding, not SHA3-256's), in pure Swift
/// because OpenSSL has no Keccak. The EVM hashes with it whatever digest the chain uses for blocks.
///
/// Stateless and thread-safe; hashing allocates only the 32-byte result.
public enum Keccak256 {
    private static let rate = 136

    private static let roundConstants: [UInt64] = [
        0x0000_0000_0000_0001, 0x0000_0000_0000_8082, 0x8000_0000_0000_808a, 0x8000_0000_8000_8000,
        0x0000_0000_0000_808b, 0x0000_0000_8000_0001, 0x8000_0000_8000_8081, 0x8000_0000_0000_8009,
        0x0000_0000_0000_008a, 0x0000_0000_0000_0088, 0x0000_0000_8000_8009, 0x0000_0000_8000_000a,
        0x0000_0000_8000_808b, 0x8000_0000_0000_008b, 0x8000_0000_0000_8089, 0x8000_0000_0000_8003,
        0x8000_0000_0000_8002, 0x8000_0000_0000_0080, 0x0000_0000_0000_800a, 0x8000_0000_8000_000a,
        0x8000_0000_8000_8081, 0x8000_0000_0000_8080, 0x0000_0000_8000_0001, 0x8000_0000_8000_8008,
    ]
    private static let rotations: [UInt64] = [
        1, 3, 6, 10, 15, 21, 28, 36, 45, 55, 2, 14, 27, 41, 56, 8, 25, 43, 62, 18, 39, 61, 20, 44,
    ]
    private static let piLanes: [Int] = [
        10, 7, 11, 17, 18, 3, 5, 16, 8, 21, 24, 4, 15, 23, 19, 13, 12, 2, 20, 14, 22, 9, 6, 1,
    ]

    /// The 32-byte digest of `data`.
    public static func hash<Bytes: Collection>(_ data: Bytes) -> [UInt8] where Bytes.Element == UInt8 {
        let word = data.withContiguousStorageIfAvailable { hashWord(UnsafeRawBufferPointer($0)) }
            ?? Array(data).withUnsafeBytes { hashWord($0) }
        return word.bigEndianBytes
    }

    /// The digest of `data` as a big-endian word (what `SHA3`/`KECCAK256` pushes).
    public static func hashWord(_ data: UnsafeRawBufferPointer) -> UInt256 {
        sponge(data, domainPadding: 0x01)
    }

    /// The sponge with a chosen padding byte: 0x01 is Keccak, 0x06 is FIPS 202 SHA3-256 (which the
    /// tests use to check the sponge against an independent implementation).
    static func sponge(_ data: UnsafeRawBufferPointer, domainPadding: UInt8) -> UInt256 {
        withUnsafeTemporaryAllocation(of: UInt64.self, capacity: 25 + 5) { buffer in
            let state = buffer.baseAddress!
            for i in 0..<25 { state[i] = 0 }
            var offset = 0
            while data.count - offset >= rate {
                for lane in 0..<(rate / 8) {
                    state[lane] ^= UInt64(littleEndian: data.loadUnaligned(fromByteOffset: offset + lane * 8, as: UInt64.self))
                }
                permute(state, scratch: state + 25)
                offset += rate
            }
            withUnsafeTemporaryAllocation(of: UInt8.self, capacity: rate) { block in
                let remaining = data.count - offset
                for i in 0..<rate { block[i] = 0 }
                for i in 0..<remaining { block[i] = data[offset + i] }
                block[remaining] = domainPadding
                block[rate - 1] |= 0x80
                let raw = UnsafeRawBufferPointer(block)
                for lane in 0..<(rate / 8) {
                    state[lane] ^= UInt64(littleEndian: raw.loadUnaligned(fromByteOffset: lane * 8, as: UInt64.self))
                }
            }
            permute(state, scratch: state + 25)
            return UInt256(w0: state[3].byteSwapped, w1: state[2].byteSwapped,
                           w2: state[1].byteSwapped, w3: state[0].byteSwapped)
        }
    }

    /// The digest of `data` as a word.
    public static func hashWord(_ data: [UInt8]) -> UInt256 {
        data.withUnsafeBytes { hashWord($0) }
    }

    @inline(__always)
    private static func rotl(_ x: UInt64, _ n: UInt64) -> UInt64 { (x << n) | (x >> (64 - n)) }

    /// Keccak-f[1600] on 25 little-endian lanes.
    private static func permute(_ a: UnsafeMutablePointer<UInt64>, scratch c: UnsafeMutablePointer<UInt64>) {
        roundConstants.withUnsafeBufferPointer { rc in
            rotations.withUnsafeBufferPointer { rot in
                piLanes.withUnsafeBufferPointer { pi in
                    for round in 0..<24 {
                        for x in 0..<5 { c[x] = a[x] ^ a[x + 5] ^ a[x + 10] ^ a[x + 15] ^ a[x + 20] }
                        for x in 0..<5 {
                            let d = c[(x + 4) % 5] ^ rotl(c[(x + 1) % 5], 1)
                            a[x] ^= d; a[x + 5] ^= d; a[x + 10] ^= d; a[x + 15] ^= d; a[x + 20] ^= d
                        }
                        var carried = a[1]
                        for i in 0..<24 {
                            let j = pi[i]
                            let saved = a[j]
                            a[j] = rotl(carried, rot[i])
                            carried = saved
                        }
                        for y in stride(from: 0, to: 25, by: 5) {
                            for x in 0..<5 { c[x] = a[y + x] }
                            for x in 0..<5 { a[y + x] = c[x] ^ (~c[(x + 1) % 5] & c[(x + 2) % 5]) }
                        }
                        a[0] ^= rc[round]
                    }
                }
            }
        }
    }
}
