import BaaSCrypto

/// A signed transaction in its canonical binary form.
///
/// Encoding (version 1): `01`, chain id, sender, nonce, payload, then the signature. The
/// signature is `Signer.sign` over the chain hash of everything before it (the *signing digest*),
/// so the signer's scheme hashes that digest once more (SHA-256 for P-256, SM3 for SM2). `hash`
/// — the transaction's id — is the chain hash of the whole encoding.
///
/// Decoding checks every length against the input and the format's limits, rejects unknown tags,
/// non-minimal integers and trailing bytes, and throws `ledger.malformed`; it never traps.
public struct Transaction: Sendable, Hashable {
    /// The encoding version this build writes and reads.
    public static let formatVersion: UInt8 = 1

    public var chainID: String
    public var sender: TransactionSender
    /// The sender's sequence number: 0 for its first transaction, then +1 each.
    public var nonce: UInt64
    public var payload: TransactionPayload
    /// DER `ECDSA-Sig-Value` (P-256 or SM2); empty before signing.
    public var signature: [UInt8]

    public init(chainID: String, sender: TransactionSender, nonce: UInt64, payload: TransactionPayload,
                signature: [UInt8] = []) {
        self.chainID = chainID
        self.sender = sender
        self.nonce = nonce
        self.payload = payload
        self.signature = signature
    }

    /// Decodes `encoded()` output.
    ///
    /// - Throws: `ledger.malformed` for anything else.
    public init(decoding bytes: [UInt8]) throws {
        var r = BinaryReader(bytes)
        try self.init(from: &r)
        try r.finish()
    }

    init(from r: inout BinaryReader) throws {
        let version = try r.u8()
        guard version == Self.formatVersion else { throw LedgerError.malformed("transaction format version \(version)") }
        chainID = try r.string(limit: 64)
        sender = try TransactionSender(from: &r)
        nonce = try r.varint()
        payload = try TransactionPayload(from: &r)
        signature = try r.byteString(limit: 128)
    }

    /// Everything but the signature: what the signing digest covers.
    public func unsignedEncoding() -> [UInt8] {
        var w = BinaryWriter(capacity: 256)
        encodeUnsigned(to: &w)
        return w.bytes
    }

    /// The full canonical encoding.
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 256)
        encodeUnsigned(to: &w)
        w.byteString(signature)
        return w.bytes
    }

    private func encodeUnsigned(to w: inout BinaryWriter) {
        w.u8(Self.formatVersion)
        w.string(chainID)
        sender.encode(to: &w)
        w.varint(nonce)
        payload.encode(to: &w)
    }

    /// The digest the sender signs.
    public func signingDigest(_ algorithm: DigestAlgorithm) -> [UInt8] {
        Digest.hash(unsignedEncoding(), algorithm: algorithm)
    }

    /// The transaction's id under the chain's hash algorithm.
    public func hash(_ algorithm: DigestAlgorithm) -> [UInt8] {
        Digest.hash(encoded(), algorithm: algorithm)
    }
}
