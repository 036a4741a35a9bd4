/// Recursive Length Prefix encoding (Ethereum yellow paper, appendix B): what the logs hash and
/// CREATE addresses are computed over.
public indirect enum RLP: Equatable, Sendable {
    case bytes([UInt8])
    case list([RLP])

    /// An integer as RLP encodes it: big-endian without leading zeros (zero is the empty string).
    public static func integer(_ value: UInt256) -> RLP { .bytes(value.minimalBigEndianBytes) }

    /// An integer as RLP encodes it.
    public static func integer(_ value: UInt64) -> RLP { integer(UInt256(value)) }

    /// The encoding.
    public var encoded: [UInt8] {
        var out: [UInt8] = []
        append(to: &out)
        return out
    }

    private func append(to out: inout [UInt8]) {
        switch self {
        case .bytes(let bytes):
            if bytes.count == 1 && bytes[0] < 0x80 {
                out.append(bytes[0])
            } else {
                RLP.appendLength(bytes.count, offset: 0x80, to: &out)
                out.append(contentsOf: bytes)
            }
        case .list(let items):
            var payload: [UInt8] = []
            for item in items { item.append(to: &payload) }
            RLP.appendLength(payload.count, offset: 0xc0, to: &out)
            out.append(contentsOf: payload)
        }
    }

    private static func appendLength(_ length: Int, offset: UInt8, to out: inout [UInt8]) {
        if length < 56 {
            out.append(offset + UInt8(length))
        } else {
            let lengthBytes = UInt256(UInt64(length)).minimalBigEndianBytes
            out.append(offset + 55 + UInt8(lengthBytes.count))
            out.append(contentsOf: lengthBytes)
        }
    }
}
