import BaaSCrypto
import BaaSEVM
import BaaSLedger
import Foundation
import Testing

/// The Vyper token, notary and traceability contracts deployed to four real `baas-ledger`
/// processes and exercised through their API; receipts are read from every node, and every
/// node's ledger database answers the same contract reads afterwards.
@Suite(.serialized)
struct ContractNodeTests {
    final class Session {
        let cluster: NodeCluster
        private var nonces: [Int: UInt64] = [:]
        private var turn = 0
        private(set) var hashes: [String] = []

        init(cluster: NodeCluster) {
            self.cluster = cluster
        }

        func user(_ index: Int) -> TransactionBuilder { cluster.net.users[index].builder }

        /// Signs with the user's next nonce and submits through the nodes in turn, waiting for the commit.
        func send(_ index: Int, _ make: (TransactionBuilder, UInt64) throws -> [UInt8]) async throws -> String {
            let nonce = nonces[index, default: 0]
            let bytes = try make(user(index), nonce)
            let node = cluster.nodeIDs[turn % cluster.nodeIDs.count]
            turn += 1
            let result = try await cluster.client(node).submit(bytes, waitForCommit: true, timeoutSeconds: 20)
            #expect(result.status == "committed", "not committed via node \(node): \(result.status) \(result.code ?? "")")
            nonces[index] = nonce + 1
            hashes.append(result.hash)
            return result.hash
        }

        /// The receipt of `hash` as every node reports it, once all have it; they must agree.
        func receipt(_ hash: String) async throws -> NodeAPIModels.Transaction {
            var seen: [NodeAPIModels.Transaction] = []
            for id in cluster.nodeIDs {
                var found: NodeAPIModels.Transaction?
                _ = await NodeCluster.eventually(20) {
                    found = try? await cluster.client(id).transaction(hash)
                    return found?.status == "committed"
                }
                seen.append(try #require(found, "node \(id) does not know \(hash)"))
            }
            for other in seen.dropFirst() {
                #expect(other.outcome == seen[0].outcome && other.reason == seen[0].reason && other.height == seen[0].height)
                #expect(other.events?.map(\.attributes) == seen[0].events?.map(\.attributes))
            }
            return seen[0]
        }
    }

    @Test(arguments: [SignatureAlgorithm.p256, .sm2])
    func tokenNotaryAndTraceabilityContractsRunOnFourNodes(_ signature: SignatureAlgorithm) async throws {
        let cluster = try NodeCluster(signature: signature)
        try cluster.startAll()
        _ = try await cluster.waitForLeader(among: cluster.nodeIDs)
        let session = Session(cluster: cluster)
        let addresses = (0..<4).map { session.user($0).address }

        let tokenCode = try ContractSources.compile(ContractSources.token)
        let deployed = try await session.receipt(session.send(0) {
            try $0.deploy(bytecode: tokenCode, args: [.string("Node Token"), .string("NT"), .uint(1_000_000)], nonce: $1)
        })
        let token = Address.forDeployment(sender: addresses[0], nonce: 0)
        #expect(deployed.outcome == "success")
        #expect(deployed.events?.first?.attributes["address"] == token.description)

        let notaryDeployed = try await session.receipt(session.send(1) {
            try $0.deploy(bytecode: ContractSources.compile(ContractSources.notary), nonce: $1)
        })
        let notaryAddress = try #require(notaryDeployed.events?.first?.attributes["address"].flatMap { Address(hex: $0) })
        let traceDeployed = try await session.receipt(session.send(2) {
            try $0.deploy(bytecode: ContractSources.compile(ContractSources.traceability), nonce: $1)
        })
        let traceAddress = try #require(traceDeployed.events?.first?.attributes["address"].flatMap { Address(hex: $0) })

        let transfer = try await session.receipt(session.send(0) {
            try $0.call(contract: token, function: "transfer(address,uint256)", .address(addresses[1]), .uint(250), nonce: $1)
        })
        #expect(transfer.outcome == "success")
        _ = try await session.send(0) {
            try $0.call(contract: token, function: "approve(address,uint256)", .address(addresses[2]), .uint(100), nonce: $1)
        }
        let spent = try await session.receipt(session.send(2) {
            try $0.call(contract: token, function: "transferFrom(address,address,uint256)",
                        .address(addresses[0]), .address(addresses[3]), .uint(60), nonce: $1)
        })
        #expect(spent.outcome == "success")
        let overspent = try await session.receipt(session.send(2) {
            try $0.call(contract: token, function: "transferFrom(address,address,uint256)",
                        .address(addresses[0]), .address(addresses[3]), .uint(41), nonce: $1)
        })
        #expect(overspent.outcome == "failed")
        #expect(overspent.reason == "contract.reverted")

        let digest = Keccak256.hash(Array("bill of lading 42".utf8))
        #expect(try await session.receipt(session.send(3) {
            try $0.call(contract: notaryAddress, function: "notarise(bytes32,string)", .fixedBytes(digest), .string("original"), nonce: $1)
        }).outcome == "success")
        #expect(try await session.receipt(session.send(0) {
            try $0.call(contract: notaryAddress, function: "notarise(bytes32,string)", .fixedBytes(digest), .string("copy"), nonce: $1)
        }).reason == "contract.reverted")

        for (user, location) in [(0, "farm"), (1, "port"), (2, "shop")] {
            let function = location == "farm" ? "register(uint256,string)" : "record(uint256,string)"
            #expect(try await session.receipt(session.send(user) {
                try $0.call(contract: traceAddress, function: function, .uint(9), .string(location), nonce: $1)
            }).outcome == "success")
        }
        let invalid = try await session.receipt(session.send(3) { try $0.deploy(bytecode: [0xfe], nonce: $1) })
        #expect(invalid.reason == "contract.invalid_opcode")

        let lastHeight = try #require(try await session.receipt(session.hashes.last!).height)
        for id in cluster.nodeIDs {
            let reached = await NodeCluster.eventually(20) { ((try? await cluster.client(id).status().height) ?? 0) >= lastHeight }
            #expect(reached, "node \(id) did not reach height \(lastHeight)")
            #expect(cluster.terminate(id) == 0)
        }

        var roots: Set<[UInt8]> = []
        for (index, path) in cluster.net.configPaths.enumerated() {
            let database = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("data/ledger.db").path
            let store = try LedgerStore(path: database, genesis: cluster.net.genesis)
            roots.insert(store.stateRoot)
            func balance(_ owner: Address) throws -> [ABIValue] {
                try store.call(contract: token, function: "balanceOf(address)", [.address(owner)], returns: "(uint256)")
            }
            #expect(try balance(addresses[0]) == [.uint(UInt256(1_000_000 - 250 - 60))], "node \(index + 1)")
            #expect(try balance(addresses[1]) == [.uint(250)])
            #expect(try balance(addresses[3]) == [.uint(60)])
            #expect(try store.call(contract: token, function: "allowance(address,address)", [.address(addresses[0]), .address(addresses[2])],
                                   returns: "(uint256)") == [.uint(40)])
            let record = try store.call(contract: notaryAddress, function: "lookup(bytes32)", [.fixedBytes(digest)],
                                        returns: "(address,uint256,string)")
            #expect(record.first == .address(addresses[3]))
            #expect(record.last == .string("original"))
            #expect(try store.call(contract: traceAddress, function: "stepCount(uint256)", [.uint(9)], returns: "(uint256)") == [.uint(3)])
            #expect(try store.call(contract: traceAddress, function: "stepAt(uint256,uint256)", [.uint(9), .uint(1)],
                                   returns: "(address,string,uint256)")[1] == .string("port"))
        }
        #expect(roots.count == 1)
    }
}
