import BaaSCrypto

/// Builds and signs transactions for one blockchain user: their signer (a key in memory or on a
/// PKCS#11 token) and their certificate from the network CA.
///
/// The first transaction a user sends must carry the whole certificate; once the chain has
/// recorded it, `.fingerprint` keeps later transactions small. Thread-safe; `sign` may block when
/// the signer does (a token round trip).
public struct TransactionBuilder: Sendable {
    /// How the sender is named in a transaction.
    public enum SenderForm: Sendable {
        case certificate
        case fingerprint
    }

    public let chainID: String
    public let hashAlgorithm: DigestAlgorithm
    public let signer: any Signer
    /// The user's certificate, DER.
    public let certificate: [UInt8]

    /// A builder for the network of `genesis`.
    public init(genesis: Genesis, signer: any Signer, certificate: [UInt8]) {
        self.init(chainID: genesis.chainID, hashAlgorithm: genesis.hashAlgorithm, signer: signer, certificate: certificate)
    }

    /// A builder for the chain `chainID` hashing with `hashAlgorithm`.
    public init(chainID: String, hashAlgorithm: DigestAlgorithm, signer: any Signer, certificate: [UInt8]) {
        self.chainID = chainID
        self.hashAlgorithm = hashAlgorithm
        self.signer = signer
        self.certificate = certificate
    }

    /// The user's account address.
    public var address: Address { Address(publicKey: signer.publicKey) }

    /// The chain-hash fingerprint of the certificate, as `.fingerprint` senders carry it.
    public var fingerprint: [UInt8] { Digest.hash(certificate, algorithm: hashAlgorithm) }

    /// A signed transaction.
    ///
    /// - Throws: what the signer throws when it cannot sign.
    public func sign(_ payload: TransactionPayload, nonce: UInt64, sender form: SenderForm = .certificate) throws -> Transaction {
        var tx = Transaction(chainID: chainID, sender: form == .certificate ? .certificate(certificate) : .fingerprint(fingerprint),
                             nonce: nonce, payload: payload)
        tx.signature = try signer.sign(tx.signingDigest(hashAlgorithm))
        return tx
    }

    /// The encoded, signed transfer of `amount` to `to`.
    public func transfer(to: Address, amount: UInt64, nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        try sign(.transfer(to: to, amount: amount), nonce: nonce, sender: form).encoded()
    }

    /// The encoded, signed notarisation of `value` under `key`.
    public func put(key: [UInt8], value: [UInt8], nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        try sign(.kvPut(key: key, value: value), nonce: nonce, sender: form).encoded()
    }

    /// The encoded, signed deletion of `key`.
    public func delete(key: [UInt8], nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        try sign(.kvDelete(key: key), nonce: nonce, sender: form).encoded()
    }
}
