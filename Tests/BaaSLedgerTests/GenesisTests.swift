import BaaSCrypto
import Foundation
import Testing
@testable import BaaSLedger

struct GenesisTests {
    @Test(arguments: [(DigestAlgorithm.sha256, SignatureAlgorithm.p256), (.sm3, .sm2)])
    func jsonFileRoundTripsToTheSameGenesisAndHash(hash: DigestAlgorithm, signature: SignatureAlgorithm) throws {
        let network = try TestNetwork(hash: hash, signature: signature)
        let path = network.path("genesis.json")
        try Data(network.genesis.json()).write(to: URL(fileURLWithPath: path))
        let loaded = try Genesis.load(path: path)
        #expect(loaded == network.genesis)
        #expect(loaded.hash == network.genesis.hash)
        #expect(loaded.hash.count == 32)
    }

    @Test func omittedParametersTakeTheirDefaults() throws {
        let network = try TestNetwork()
        var object = try JSONSerialization.jsonObject(with: Data(network.genesis.json())) as! [String: Any]
        object["parameters"] = ["maxTransactionsPerBlock": 10]
        let partial = try Genesis(json: Array(JSONSerialization.data(withJSONObject: object)))
        #expect(partial.parameters.maxTransactionsPerBlock == 10)
        #expect(partial.parameters.electionTicks == ChainParameters().electionTicks)
        object["parameters"] = nil
        #expect(try Genesis(json: Array(JSONSerialization.data(withJSONObject: object))).parameters == ChainParameters())
    }

    @Test func differentChainsHaveDifferentHashes() throws {
        let a = try TestNetwork(), b = try TestNetwork()
        #expect(a.genesis.hash != b.genesis.hash)
    }

    /// Edits of a valid genesis JSON object and the words the error must contain.
    static let broken: [(String, @Sendable (inout [String: Any]) -> Void, String)] = [
        ("missing chain id", { $0["chainId"] = nil }, "chainId"),
        ("bad chain id", { $0["chainId"] = "has space" }, "chainId"),
        ("unknown hash", { $0["hashAlgorithm"] = "md5" }, "sha256 or sm3"),
        ("unknown signature", { $0["signatureAlgorithm"] = "rsa" }, "p256 or sm2"),
        ("wrong type", { $0["timestampMilliseconds"] = "soon" }, "timestampMilliseconds"),
        ("CA not PEM", { $0["networkCA"] = "hello" }, "networkCA"),
        ("no members", { $0["members"] = [] as [Any] }, "members is empty"),
        ("only observers", { g in
            var members = g["members"] as! [[String: Any]]
            members[0]["role"] = "observer"
            g["members"] = members
        }, "validator"),
        ("unknown role", { g in
            var members = g["members"] as! [[String: Any]]
            members[0]["role"] = "king"
            g["members"] = members
        }, "king"),
        ("duplicate node", { g in
            let members = g["members"] as! [[String: Any]]
            g["members"] = members + members
        }, "twice"),
        ("bad admin", { $0["admins"] = ["0x12"] }, "admin"),
        ("bad parameter", { g in
            var parameters = g["parameters"] as! [String: Any]
            parameters["heartbeatTicks"] = 50
            g["parameters"] = parameters
        }, "heartbeatTicks"),
    ]

    @Test(arguments: 0..<broken.count)
    func invalidGenesisIsRefusedWithAClearReason(index: Int) throws {
        let (name, edit, words) = Self.broken[index]
        let network = try TestNetwork()
        var object = try JSONSerialization.jsonObject(with: Data(network.genesis.json())) as! [String: Any]
        edit(&object)
        let json = try JSONSerialization.data(withJSONObject: object)
        let error = #expect(throws: LedgerError.self, "\(name)") { try Genesis(json: Array(json)) }
        #expect(error?.code == "ledger.invalid_genesis", "\(name)")
        #expect(error?.message.contains(words) == true, "\(name): \(error?.message ?? "")")
    }

    @Test func membersMustHoldCertificatesOfTheNetworkCA() throws {
        let network = try TestNetwork()
        let foreign = try TestCA(.p256, name: "foreign")
        var members = network.genesis.members
        members[0].certificate = try foreign.issue("node 1", for: PrivateKey.generate(.p256).publicKey)
        let error = #expect(throws: LedgerError.self) {
            try Genesis(chainID: "x", hashAlgorithm: .sha256, signatureAlgorithm: .p256, timestampMilliseconds: 0,
                        networkCA: network.genesis.networkCA, members: members, admins: [])
        }
        #expect(error?.message.contains("not issued by the networkCA") == true)
        let wrongKind = #expect(throws: LedgerError.self) {
            try Genesis(chainID: "x", hashAlgorithm: .sm3, signatureAlgorithm: .sm2, timestampMilliseconds: 0,
                        networkCA: network.genesis.networkCA, members: network.genesis.members, admins: [])
        }
        #expect(wrongKind?.message.contains("signatureAlgorithm is sm2") == true)
    }

    @Test func unreadableOrNonJSONFilesAreRefused() throws {
        let network = try TestNetwork()
        let missing = #expect(throws: LedgerError.self) { try Genesis.load(path: network.path("absent.json")) }
        #expect(missing?.message.contains("absent.json") == true)
        let path = network.path("junk.json")
        try Data("{not json".utf8).write(to: URL(fileURLWithPath: path))
        let junk = #expect(throws: LedgerError.self) { try Genesis.load(path: path) }
        #expect(junk?.code == "ledger.invalid_genesis")
        #expect(junk?.message.contains("junk.json") == true)
    }
}
