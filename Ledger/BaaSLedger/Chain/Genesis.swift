import BaaSCrypto

/// The founding document of a network, identical on every node: which algorithms it uses, whom it
/// trusts (the network CA), its first members, admins and balances, and its parameters.
///
/// Build one in code or read the JSON file with `Genesis.load(path:)` / `Genesis(json:)`; either
/// way `validate()` runs and reports every problem at once. `hash` names the network: blocks
/// build on it, and a snapshot or peer from another genesis is refused.
public struct Genesis: Sendable, Hashable {
    /// A balance a genesis gives an address.
    public struct Allocation: Sendable, Hashable {
        public var address: Address
        public var amount: UInt64

        public init(address: Address, amount: UInt64) {
            self.address = address
            self.amount = amount
        }
    }

    /// The network's name, in every transaction (letters, digits, `-`, `_`, `.`; 1–64 characters).
    public var chainID: String
    /// Hashes blocks, transactions and state.
    public var hashAlgorithm: DigestAlgorithm
    /// Signs transactions (and is the network CA's key type).
    public var signatureAlgorithm: SignatureAlgorithm
    /// Milliseconds since 1970 of block 0.
    public var timestampMilliseconds: UInt64
    /// The network CA certificate (DER) every node's and user's certificate chains to.
    public var networkCA: [UInt8]
    /// The first members (at least one validator).
    public var members: [Member]
    /// Addresses allowed to change membership and parameters.
    public var admins: [Address]
    /// Initial balances of the native asset.
    public var allocations: [Allocation]
    public var parameters: ChainParameters

    public init(chainID: String, hashAlgorithm: DigestAlgorithm, signatureAlgorithm: SignatureAlgorithm,
                timestampMilliseconds: UInt64, networkCA: [UInt8], members: [Member], admins: [Address],
                allocations: [Allocation] = [], parameters: ChainParameters = ChainParameters()) throws {
        self.chainID = chainID
        self.hashAlgorithm = hashAlgorithm
        self.signatureAlgorithm = signatureAlgorithm
        self.timestampMilliseconds = timestampMilliseconds
        self.networkCA = networkCA
        self.members = members
        self.admins = admins
        self.allocations = allocations
        self.parameters = parameters
        try validate()
    }

    /// Checks the whole document.
    ///
    /// - Throws: `ledger.invalid_genesis` listing every problem found.
    public func validate() throws {
        var problems: [String] = []
        let allowed = Set("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789-_.")
        if chainID.isEmpty || chainID.count > 64 || !chainID.allSatisfy({ allowed.contains($0) }) {
            problems.append("chainId '\(chainID)' must be 1–64 letters, digits, '-', '_' or '.'")
        }
        problems += certificateProblems()
        if members.isEmpty { problems.append("members is empty") }
        if !members.contains(where: { $0.role == .validator }) { problems.append("no member is a validator") }
        var seen = Set<UInt64>()
        for member in members {
            if member.nodeID == 0 { problems.append("nodeId 0 is reserved") }
            if !seen.insert(member.nodeID).inserted { problems.append("nodeId \(member.nodeID) appears twice") }
            if member.p2pAddress.utf8.count > Member.maxAddressBytes {
                problems.append("member \(member.nodeID)'s p2p address is longer than \(Member.maxAddressBytes) bytes")
            }
        }
        if Set(admins).count != admins.count { problems.append("an admin address appears twice") }
        if Set(allocations.map(\.address)).count != allocations.count {
            problems.append("an allocation address appears twice")
        }
        var total: UInt64 = 0
        for allocation in allocations {
            let (sum, overflow) = total.addingReportingOverflow(allocation.amount)
            if overflow { problems.append("allocations add up to more than 2^64-1"); break }
            total = sum
        }
        problems += parameters.problems()
        guard problems.isEmpty else { throw LedgerError.invalidGenesis(problems.joined(separator: "; ")) }
    }

    /// The network CA must be a CA certificate with a key of `signatureAlgorithm`; every member's
    /// certificate must be signed by it.
    private func certificateProblems() -> [String] {
        guard let ca = try? Certificate(der: networkCA) else { return ["networkCA is not a readable X.509 certificate"] }
        var problems: [String] = []
        if !ca.isCA { problems.append("networkCA '\(ca.subject)' is not a CA certificate") }
        if ca.publicKey.algorithm != signatureAlgorithm {
            problems.append("networkCA holds a \(ca.publicKey.algorithm) key but signatureAlgorithm is \(signatureAlgorithm)")
        }
        for member in members {
            guard let certificate = try? Certificate(der: member.certificate) else {
                problems.append("member \(member.nodeID)'s certificate is not a readable X.509 certificate")
                continue
            }
            if !certificate.isSigned(by: ca.publicKey) {
                problems.append("member \(member.nodeID)'s certificate was not issued by the networkCA")
            }
        }
        return problems
    }

    /// The canonical binary encoding (what `hash` covers).
    public func encoded() -> [UInt8] {
        var w = BinaryWriter(capacity: 1024)
        w.u8(1)
        w.string(chainID)
        w.string(hashAlgorithm.rawValue)
        w.string(signatureAlgorithm.rawValue)
        w.varint(timestampMilliseconds)
        w.byteString(networkCA)
        w.varint(UInt64(members.count))
        members.forEach { $0.encode(to: &w) }
        w.varint(UInt64(admins.count))
        admins.forEach { w.fixed($0.bytes) }
        w.varint(UInt64(allocations.count))
        for allocation in allocations {
            w.fixed(allocation.address.bytes)
            w.varint(allocation.amount)
        }
        parameters.encode(to: &w)
        return w.bytes
    }

    /// The network's identity: the chain hash of `encoded()`, the previous hash of block 1.
    public var hash: [UInt8] { Digest.hash(encoded(), algorithm: hashAlgorithm) }
}
