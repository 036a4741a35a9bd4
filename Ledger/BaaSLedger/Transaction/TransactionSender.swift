/// How a transaction names its sender: the whole certificate (DER), or — once the chain has seen
/// that certificate in an earlier transaction — the chain hash of it, which keeps repeat senders'
/// transactions small.
public enum TransactionSender: Sendable, Hashable {
    case certificate([UInt8])
    case fingerprint([UInt8])

    func encode(to w: inout BinaryWriter) {
        switch self {
        case let .certificate(der):
            w.u8(1)
            w.byteString(der)
        case let .fingerprint(hash):
            w.u8(2)
            w.byteString(hash)
        }
    }

    init(from r: inout BinaryReader) throws {
        let tag = try r.u8()
        switch tag {
        case 1:
            let der = try r.byteString(limit: Member.maxCertificateBytes)
            guard !der.isEmpty else { throw LedgerError.malformed("empty sender certificate") }
            self = .certificate(der)
        case 2:
            let hash = try r.byteString(limit: 64)
            guard hash.count == 32 else { throw LedgerError.malformed("sender fingerprint of \(hash.count) bytes") }
            self = .fingerprint(hash)
        default:
            throw LedgerError.malformed("sender kind \(tag)")
        }
    }
}
