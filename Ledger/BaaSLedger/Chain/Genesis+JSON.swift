import BaaSCrypto
import FoundationEssentials

extension Genesis {
    /// Reads and validates a genesis JSON file.
    ///
    /// - Throws: `ledger.invalid_genesis` naming the file and the problem (unreadable, not JSON, a
    ///   missing or mistyped field, a bad certificate PEM, a rule `validate()` enforces).
    public static func load(path: String) throws -> Genesis {
        guard let data = FileManager.default.contents(atPath: path) else {
            throw LedgerError.invalidGenesis("cannot read \(path); check that the file exists and is readable")
        }
        do {
            return try Genesis(json: Array(data))
        } catch let error as LedgerError {
            throw LedgerError(error.code, "\(path): \(error.message)")
        }
    }

    /// Parses and validates genesis JSON:
    /// ```json
    /// { "chainId": "acme-net", "hashAlgorithm": "sm3", "signatureAlgorithm": "sm2",
    ///   "timestampMilliseconds": 1764000000000, "networkCA": "-----BEGIN CERTIFICATE-----…",
    ///   "members": [{"nodeId": 1, "role": "validator", "certificate": "-----BEGIN CERTIFICATE-----…",
    ///                "p2p": "10.0.0.1:30000"}],
    ///   "admins": ["0x…"], "allocations": [{"address": "0x…", "amount": 1000}],
    ///   "parameters": {"maxTransactionsPerBlock": 5000, "maxBlockBytes": 8388608,
    ///                  "blockIntervalMilliseconds": 200, "maxTransactionBytes": 65536,
    ///                  "tickMilliseconds": 100, "electionTicks": 10, "heartbeatTicks": 1} }
    /// ```
    /// `allocations`, `parameters` and a member's `p2p` address may be omitted (defaults apply).
    ///
    /// - Throws: `ledger.invalid_genesis`.
    public init(json: [UInt8]) throws {
        let file: GenesisFile
        do {
            file = try JSONDecoder().decode(GenesisFile.self, from: Data(json))
        } catch let DecodingError.keyNotFound(key, context) {
            throw LedgerError.invalidGenesis("field '\(Self.path(context.codingPath + [key]))' is missing")
        } catch let DecodingError.typeMismatch(_, context), let DecodingError.valueNotFound(_, context) {
            throw LedgerError.invalidGenesis("field '\(Self.path(context.codingPath))' has the wrong type")
        } catch let DecodingError.dataCorrupted(context) {
            let at = context.codingPath.isEmpty ? "the file is not valid JSON" : "field '\(Self.path(context.codingPath))' is invalid"
            throw LedgerError.invalidGenesis("\(at): \(context.debugDescription)")
        } catch {
            throw LedgerError.invalidGenesis("the file is not valid genesis JSON (\(error))")
        }
        guard let hash = DigestAlgorithm(rawValue: file.hashAlgorithm) else {
            throw LedgerError.invalidGenesis("hashAlgorithm '\(file.hashAlgorithm)' must be sha256 or sm3")
        }
        guard let signature = SignatureAlgorithm(rawValue: file.signatureAlgorithm) else {
            throw LedgerError.invalidGenesis("signatureAlgorithm '\(file.signatureAlgorithm)' must be p256 or sm2")
        }
        let members = try file.members.map { member in
            guard let role = NodeRole(rawValue: member.role) else {
                throw LedgerError.invalidGenesis("member \(member.nodeId) has role '\(member.role)'; use validator or observer")
            }
            return Member(nodeID: member.nodeId, role: role,
                          certificate: try Self.certificateDER(member.certificate, "member \(member.nodeId)'s certificate"),
                          p2pAddress: member.p2p ?? "")
        }
        let admins = try file.admins.map { text in
            guard let address = Address(hex: text) else {
                throw LedgerError.invalidGenesis("admin '\(text)' is not a 20-byte hex address")
            }
            return address
        }
        let allocations = try (file.allocations ?? []).map { entry in
            guard let address = Address(hex: entry.address) else {
                throw LedgerError.invalidGenesis("allocation address '\(entry.address)' is not a 20-byte hex address")
            }
            return Allocation(address: address, amount: entry.amount)
        }
        try self.init(chainID: file.chainId, hashAlgorithm: hash, signatureAlgorithm: signature,
                      timestampMilliseconds: file.timestampMilliseconds,
                      networkCA: Self.certificateDER(file.networkCA, "networkCA"), members: members,
                      admins: admins, allocations: allocations, parameters: file.parameters ?? ChainParameters())
    }

    /// The genesis as JSON in the format `init(json:)` reads.
    public func json() throws -> [UInt8] {
        let file = GenesisFile(
            chainId: chainID, hashAlgorithm: hashAlgorithm.rawValue, signatureAlgorithm: signatureAlgorithm.rawValue,
            timestampMilliseconds: timestampMilliseconds, networkCA: PEMBlock(label: "CERTIFICATE", der: networkCA).text,
            members: members.map { .init(nodeId: $0.nodeID, role: $0.role.rawValue,
                                          certificate: PEMBlock(label: "CERTIFICATE", der: $0.certificate).text,
                                          p2p: $0.p2pAddress.isEmpty ? nil : $0.p2pAddress) },
            admins: admins.map(\.description),
            allocations: allocations.map { .init(address: $0.address.description, amount: $0.amount) },
            parameters: parameters)
        let encoder = JSONEncoder()
        encoder.outputFormatting = [.prettyPrinted, .sortedKeys]
        return Array(try encoder.encode(file))
    }

    private static func certificateDER(_ pem: String, _ what: String) throws -> [UInt8] {
        do {
            return try PEMBlock.parseOne(pem, label: "CERTIFICATE").der
        } catch let error as CryptoError {
            throw LedgerError.invalidGenesis("\(what) is not a PEM certificate (\(error.message))")
        }
    }

    private static func path(_ keys: [any CodingKey]) -> String {
        keys.map { $0.intValue.map { "[\($0)]" } ?? ".\($0.stringValue)" }.joined().trimmingPrefix(".").description
    }
}

/// The JSON shape of a genesis file.
private struct GenesisFile: Codable {
    struct MemberEntry: Codable {
        var nodeId: UInt64
        var role: String
        var certificate: String
        /// `host:port` of the member's P2P listener (optional).
        var p2p: String?
    }

    struct AllocationEntry: Codable {
        var address: String
        var amount: UInt64
    }

    var chainId: String
    var hashAlgorithm: String
    var signatureAlgorithm: String
    var timestampMilliseconds: UInt64
    var networkCA: String
    var members: [MemberEntry]
    var admins: [String]
    var allocations: [AllocationEntry]?
    var parameters: ChainParameters?
}
