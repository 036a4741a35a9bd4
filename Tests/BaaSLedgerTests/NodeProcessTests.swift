import BaaSCrypto
import BaaSLedger
import Foundation
import Synchronization
import Testing

/// Four real `baas-ledger` processes on loopback.
@Suite(.serialized)
struct NodeProcessTests {
    /// Submits `transactions` (one user's, in nonce order) until each is acknowledged as committed,
    /// moving to another running node whenever one fails; returns the acknowledged hashes.
    static func submitUntilCommitted(_ transactions: [[UInt8]], cluster: NodeCluster, down: StoppedNodes,
                                     batch: Int = 5) async -> [String] {
        var acknowledged: [String] = []
        var index = 0
        var attempt = 0
        while index < transactions.count && attempt < 200 {
            let chunk = Array(transactions[index..<min(index + batch, transactions.count)])
            let nodes = down.running(cluster.nodeIDs)
            let node = nodes[(index / batch + attempt) % nodes.count]
            guard let client = try? cluster.client(node),
                  let results = try? await client.submit(batch: chunk, waitForCommit: true, timeoutSeconds: 5),
                  results.allSatisfy({ $0.status == "committed" }) else {
                attempt += 1
                try? await Task.sleep(for: .milliseconds(200))
                continue
            }
            acknowledged += results.map(\.hash)
            down.acknowledged(results.count)
            index += chunk.count
        }
        return acknowledged
    }

    @Test(arguments: [SignatureAlgorithm.p256, .sm2])
    func killedLeaderRejoinsAndNoAcknowledgedTransactionIsLost(_ signature: SignatureAlgorithm) async throws {
        let cluster = try NodeCluster(signature: signature)
        try cluster.startAll()
        let leader = try await cluster.waitForLeader(among: cluster.nodeIDs)
        let recipient = cluster.net.users[0].builder.address
        let perUser = 50
        let transactions = try cluster.net.users.map { user in
            try (0..<perUser).map { nonce in
                try user.builder.transfer(to: recipient, amount: 1, nonce: UInt64(nonce),
                                          sender: nonce == 0 ? .certificate : .fingerprint)
            }
        }
        let down = StoppedNodes()
        let acknowledged = await withTaskGroup(of: [String].self) { group in
            for list in transactions {
                group.addTask { await Self.submitUntilCommitted(list, cluster: cluster, down: down) }
            }
            group.addTask {
                _ = await NodeCluster.eventually(20) { ((try? await cluster.client(leader).status().height) ?? 0) >= 3 }
                down.stop(leader)
                cluster.kill9(leader)
                return []
            }
            var all: [String] = []
            for await hashes in group { all += hashes }
            return all
        }
        #expect(acknowledged.count == transactions.count * perUser)
        #expect(down.acknowledgedAfterStop > 0, "no transaction was committed after the leader was killed")
        let survivors = down.running(cluster.nodeIDs)
        let newLeader = try await cluster.waitForLeader(among: survivors)
        #expect(newLeader != leader)
        let logged = await NodeCluster.eventually(10) { cluster.log(newLeader).contains("leader elected") }
        #expect(logged, "the election is not in node \(newLeader)'s log")

        try cluster.start(leader)
        let target = try await cluster.client(newLeader).status().height
        let caughtUp = await NodeCluster.eventually(40) {
            (try? await cluster.client(leader).status().height).map { $0 >= target } ?? false
        }
        #expect(caughtUp, "node \(leader) did not catch up to height \(target):\n\(cluster.log(leader).suffix(2000))")
        for id in cluster.nodeIDs {
            let client = try cluster.client(id)
            for hash in acknowledged {
                let found = try await client.transaction(hash)
                #expect(found?.status == "committed", "transaction \(hash) is not committed on node \(id)")
                if found?.status != "committed" { break }
            }
        }
        var hashes = Set<String>()
        for id in cluster.nodeIDs {
            if let block = try await cluster.client(id).block(at: target) { hashes.insert(block.hash) }
        }
        #expect(hashes.count == 1, "the nodes disagree on block \(target)")
        let balance = try await cluster.client(leader).account(recipient).balance
        #expect(balance == 1_000_000_000 + UInt64(perUser * (cluster.net.users.count - 1)))
    }

    @Test func aNodeFarBehindSyncsFromASnapshotAndFollowsOn() async throws {
        let cluster = try NodeCluster(nodes: 3, signature: .p256, snapshotInterval: 8)
        try cluster.startAll()
        let leader = try await cluster.waitForLeader(among: cluster.nodeIDs)
        let lagging = cluster.nodeIDs.first { $0 != leader }!
        cluster.kill9(lagging)
        let user = cluster.net.users[0]
        let recipient = cluster.net.users[1].builder.address
        let client = try cluster.client(leader)
        for nonce in 0..<30 as Range<UInt64> {
            let tx = try user.builder.transfer(to: recipient, amount: 2, nonce: nonce, sender: nonce == 0 ? .certificate : .fingerprint)
            #expect(try await client.submit(tx, waitForCommit: true, timeoutSeconds: 20).status == "committed")
        }
        try cluster.start(lagging)
        let height = try await client.status().height
        let synced = await NodeCluster.eventually(30) {
            (try? await cluster.client(lagging).status().height).map { $0 >= height } ?? false
        }
        #expect(synced, "node \(lagging) did not reach height \(height):\n\(cluster.log(lagging).suffix(2000))")
        #expect(cluster.log(lagging).contains("state restored from a snapshot"))
        let follower = try cluster.client(lagging)
        #expect(try await follower.account(recipient).balance == 1_000_000_060)
        #expect(try await follower.block(at: 1) == nil)

        let next = try user.builder.transfer(to: recipient, amount: 2, nonce: 30, sender: .fingerprint)
        let result = try await client.submit(next, waitForCommit: true, timeoutSeconds: 20)
        let followed = await NodeCluster.eventually(20) {
            (try? await follower.transaction(result.hash))?.status == "committed"
        }
        #expect(followed)
        #expect(try await follower.account(recipient).balance == 1_000_000_062)
    }

    @Test func badTransactionsAreRejectedWithAReasonAndTheNodeGoesOn() async throws {
        let cluster = try NodeCluster(signature: .p256, parameters: ChainParameters(blockIntervalMilliseconds: 100,
                                                                                   maxTransactionBytes: 2048))
        try cluster.startAll()
        _ = try await cluster.waitForLeader(among: cluster.nodeIDs)
        let client = try cluster.client(2)
        let user = cluster.net.users[1]
        let to = cluster.net.users[2].builder.address

        func rejection(_ bytes: [UInt8]) async -> String {
            do {
                let result = try await client.submit(bytes)
                return "accepted \(result.status)"
            } catch let error as LedgerError {
                return error.code
            } catch {
                return "\(error)"
            }
        }

        #expect(await rejection([0x01, 0x02, 0x03]) == "ledger.malformed")
        var tampered = try user.builder.transfer(to: to, amount: 5, nonce: 0)
        tampered[tampered.count - 3] ^= 0x01
        #expect(await rejection(tampered) == "ledger.bad_signature")
        let foreignKey = PrivateKey.generate(.p256)
        let foreignCA = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "another CA"), notBefore: Date().addingTimeInterval(-60),
                    notAfter: Date().addingTimeInterval(3600)), signer: PrivateKey.generate(.p256))
        let foreignCertificate = try foreignCA.issue(.leaf(subject: DistinguishedName(commonName: "intruder"),
                                                           notBefore: Date().addingTimeInterval(-60), notAfter: Date().addingTimeInterval(3600),
                                                           extendedKeyUsage: [.clientAuth]), for: foreignKey.publicKey)
        let foreign = TransactionBuilder(genesis: cluster.net.genesis, signer: foreignKey, certificate: foreignCertificate.der())
        #expect(await rejection(try foreign.transfer(to: to, amount: 5, nonce: 0)) == "ledger.foreign_identity")
        let oversize = try user.builder.put(key: Array("big".utf8), value: [UInt8](repeating: 7, count: 4096), nonce: 0)
        #expect(await rejection(oversize) == "ledger.oversize")

        let valid = try user.builder.transfer(to: to, amount: 5, nonce: 0)
        let committed = try await client.submit(valid, waitForCommit: true, timeoutSeconds: 20)
        #expect(committed.status == "committed")
        let found = try #require(try await client.transaction(committed.hash))
        #expect(found.outcome == "success")
        #expect(found.kind == "transfer")
        #expect(found.events?.first?.attributes["amount"] == "5")
        let height = try #require(found.height)
        let block = try #require(try await client.block(at: height))
        #expect(block.transactions.contains(committed.hash))
        #expect(try await client.block(hash: block.hash)?.height == block.height)
        #expect(try await cluster.client(3).block(hash: block.hash)?.raw == block.raw)
        let replay = try user.builder.transfer(to: to, amount: 6, nonce: 0)
        #expect(await rejection(replay) == "ledger.nonce_too_low")

        let metrics = try await client.metrics()
        #expect(metrics.contains("baas_ledger_transactions_rejected_total 5"))
        #expect(metrics.contains("baas_ledger_peers_connected 3"))
        #expect(metrics.contains("baas_ledger_commit_latency_seconds_count 1"))
        #expect(metrics.contains("baas_ledger_transactions_committed_total 1"))
        // The valid transfer, the tampered one and the replay reached a signature check here.
        let checks = metrics.split(separator: "\n").first { $0.hasPrefix("baas_ledger_signature_checks_total ") }
        #expect(checks.flatMap { Int($0.split(separator: " ").last ?? "") } == 3)

        // The binary batch: every transaction gets its own result, a body that is not a batch
        // is refused whole and admits nothing, and the node goes on committing.
        let sender = cluster.net.users[3]
        var badSignature = try sender.builder.transfer(to: to, amount: 2, nonce: 1)
        badSignature[badSignature.count - 3] ^= 0x01
        let mixed: [[UInt8]] = [
            try sender.builder.transfer(to: to, amount: 1, nonce: 0), badSignature, [0x01, 0x02, 0x03],
            try sender.builder.put(key: Array("big".utf8), value: [UInt8](repeating: 7, count: 4096), nonce: 1),
            try sender.builder.transfer(to: to, amount: 2, nonce: 1), try sender.builder.transfer(to: to, amount: 9, nonce: 0),
        ]
        let results = try await client.submit(batch: mixed, waitForCommit: true, timeoutSeconds: 20)
        #expect(results.map(\.status) == ["committed", "rejected", "rejected", "rejected", "committed", "rejected"])
        #expect(results.map { $0.code ?? "" } == ["", "ledger.bad_signature", "ledger.malformed", "ledger.oversize", "", "ledger.duplicate"])
        #expect(results[1].message?.isEmpty == false)
        #expect(results[0].hash == Hex.encode(Digest.hash(mixed[0], algorithm: .sha256)))
        let jsonResults = try await client.submit(batch: [mixed[5], mixed[0]], waitForCommit: false, binary: false)
        #expect(jsonResults.map(\.status) == ["rejected", "committed"])
        #expect(jsonResults[0].code == "ledger.nonce_too_low")

        func batchRefusal(_ body: [UInt8]) async -> String {
            do {
                return "accepted \(try await client.submit(encodedBatch: body).count)"
            } catch let error as LedgerError {
                return error.code
            } catch {
                return "\(error)"
            }
        }
        let next = try sender.builder.transfer(to: to, amount: 4, nonce: 2)
        let encoded = SubmitBatch.encode([next])
        #expect(await batchRefusal(Array(encoded.dropLast())) == "ledger.malformed")
        #expect(await batchRefusal(encoded + [0]) == "ledger.malformed")
        #expect(await batchRefusal([0]) == "ledger.malformed")
        #expect(await batchRefusal([]) == "ledger.malformed")
        #expect(await batchRefusal(SubmitBatch.encode([[UInt8]](repeating: [1], count: SubmitBatch.maxCount + 1)))
                == "ledger.batch_too_large")
        #expect(try await client.transaction(Hex.encode(Digest.hash(next, algorithm: .sha256))) == nil)
        let after = try await client.submit(encodedBatch: encoded, waitForCommit: true, timeoutSeconds: 20)
        #expect(after.map(\.status) == ["committed"])
        #expect(try await client.account(sender.builder.address).nonce == 3)
        let balanced = await NodeCluster.eventually(20) {
            var heads = Set<String>()
            for id in cluster.nodeIDs { heads.insert((try? await cluster.client(id).status().headHash) ?? "") }
            return heads.count == 1
        }
        #expect(balanced)

        for id in cluster.nodeIDs { #expect(cluster.isRunning(id)) }
        #expect(cluster.terminate(2) == 0)
    }

    @Test func peersAndClientsFromAnotherCAAreRefused() async throws {
        let cluster = try NodeCluster(nodes: 1, signature: .p256)
        try cluster.start(1)
        _ = try await cluster.waitForLeader(among: [1])
        let key = PrivateKey.generate(.p256)
        let other = try CertificateIssuer.selfSigned(
            .rootCA(subject: DistinguishedName(commonName: "another CA"), notBefore: Date().addingTimeInterval(-60),
                    notAfter: Date().addingTimeInterval(3600)), signer: PrivateKey.generate(.p256))
        let certificate = try other.issue(.leaf(subject: DistinguishedName(commonName: "node-2"), notBefore: Date().addingTimeInterval(-60),
                                                notAfter: Date().addingTimeInterval(3600), extendedKeyUsage: [.clientAuth]),
                                          for: key.publicKey)
        let ca = try String(contentsOfFile: cluster.net.tlsCAPath, encoding: .utf8)
        let apiPort = cluster.net.apiPorts[0]
        for port in [apiPort, apiPort - 1] {
            let intruder = try LedgerClient(host: "127.0.0.1", port: port, nodeID: 1, certificatePEM: certificate.pem(),
                                            keyPEM: key.pemPKCS8(), caPEM: ca, requestTimeout: .seconds(5))
            await #expect(throws: LedgerError.self) { _ = try await intruder.status() }
            intruder.shutdown()
        }
        // A certificate of the right CA that names no peer is refused on the P2P port too.
        let client = try String(contentsOfFile: cluster.net.clientCertificatePath, encoding: .utf8)
        let clientKey = try String(contentsOfFile: cluster.net.clientKeyPath, encoding: .utf8)
        let impostor = try LedgerClient(host: "127.0.0.1", port: apiPort - 1, nodeID: 1, certificatePEM: client, keyPEM: clientKey,
                                        caPEM: ca, requestTimeout: .seconds(5))
        await #expect(throws: LedgerError.self) { _ = try await impostor.status() }
        impostor.shutdown()
        #expect(try await cluster.client(1).status().nodeId == 1)
        #expect(cluster.log(1).contains("refused a P2P connection"))
    }
}

/// The nodes a test has taken down, and how many transactions were acknowledged since, shared
/// with its load tasks.
final class StoppedNodes: Sendable {
    private let state = Mutex<(stopped: Set<UInt64>, acknowledgedAfterStop: Int)>(([], 0))

    func stop(_ id: UInt64) { state.withLock { _ = $0.stopped.insert(id) } }

    func running(_ ids: [UInt64]) -> [UInt64] {
        let stopped = state.withLock { $0.stopped }
        return ids.filter { !stopped.contains($0) }
    }

    func acknowledged(_ count: Int) {
        state.withLock { if !$0.stopped.isEmpty { $0.acknowledgedAfterStop += count } }
    }

    var acknowledgedAfterStop: Int { state.withLock { $0.acknowledgedAfterStop } }
}
