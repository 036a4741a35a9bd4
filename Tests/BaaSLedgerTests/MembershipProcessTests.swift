import BaaSCrypto
import BaaSLedger
import Foundation
import Testing

/// Membership transactions change consensus, with real `baas-ledger` processes on loopback.
@Suite(.serialized)
struct MembershipProcessTests {
    /// Sends one transaction to the running nodes in turn until one acknowledges it committed;
    /// returns its hash and whether it committed.
    static func commit(_ tx: [UInt8], via nodes: [UInt64], cluster: NodeCluster) async -> (hash: String, committed: Bool) {
        for attempt in 0..<60 {
            let node = nodes[attempt % nodes.count]
            if let client = try? cluster.client(node),
               let result = try? await client.submit(tx, waitForCommit: true, timeoutSeconds: 5), result.status == "committed" {
                return (result.hash, true)
            }
            try? await Task.sleep(for: .milliseconds(200))
        }
        return ("", false)
    }

    /// Whether every node in `ids` reports this configuration.
    static func configured(_ ids: [UInt64], voters: [UInt64], learners: [UInt64], cluster: NodeCluster) async -> Bool {
        for id in ids {
            guard let status = try? await cluster.client(id).status(), status.voters == voters, status.learners == learners else {
                return false
            }
        }
        return true
    }

    @Test func anObserverJoinsCatchesUpIsPromotedAndAnOldValidatorIsRemoved() async throws {
        let cluster = try NodeCluster(nodes: 4, joiners: 1, signature: .p256)
        try cluster.startAll()
        let founders = cluster.nodeIDs
        _ = try await cluster.waitForLeader(among: founders)
        let admin = cluster.net.users[0].builder
        let payer = cluster.net.users[1].builder
        let recipient = cluster.net.users[2].builder.address
        var adminNonce: UInt64 = 0
        var payerNonce: UInt64 = 0
        var acknowledged: [String] = []
        func pay(_ count: Int, via nodes: [UInt64]) async throws {
            for _ in 0..<count {
                let tx = try payer.transfer(to: recipient, amount: 1, nonce: payerNonce, sender: payerNonce == 0 ? .certificate : .fingerprint)
                let result = await Self.commit(tx, via: nodes, cluster: cluster)
                #expect(result.committed, "transfer \(payerNonce) was not committed")
                acknowledged.append(result.hash)
                payerNonce += 1
            }
        }
        func change(_ payload: TransactionPayload, via nodes: [UInt64]) async throws {
            let tx = try admin.sign(payload, nonce: adminNonce, sender: adminNonce == 0 ? .certificate : .fingerprint).encoded()
            let result = await Self.commit(tx, via: nodes, cluster: cluster)
            #expect(result.committed, "membership change \(payload.kindName) was not committed")
            let receipt = try await cluster.client(nodes[0]).transaction(result.hash)
            #expect(receipt?.outcome == "success", "membership change \(payload.kindName) failed: \(receipt?.reason ?? "not found")")
            acknowledged.append(result.hash)
            adminNonce += 1
        }
        try await pay(10, via: founders)

        // Node 5 starts from the genesis with the founders as peers and is refused until added.
        let joiner: UInt64 = 5
        try cluster.start(joiner)
        try await change(.addMember(cluster.net.joiningMembers[0]), via: founders)
        let everyone = founders + [joiner]
        #expect(await NodeCluster.eventually(30) {
            await Self.configured(everyone, voters: [1, 2, 3, 4], learners: [5], cluster: cluster)
        }, "node 5 did not become a learner everywhere:\n\(cluster.log(joiner).suffix(2000))")
        let observer = try await cluster.client(joiner).status()
        #expect(observer.role == "observer")

        // It replicates but does not vote: with it stopped the founders go on committing, and
        // once back it has every block.
        cluster.kill9(joiner)
        try await pay(5, via: founders)
        try cluster.start(joiner)
        let target = try await cluster.client(founders[0]).status().height
        #expect(await NodeCluster.eventually(30) {
            (try? await cluster.client(joiner).status().height).map { $0 >= target } ?? false
        }, "node 5 did not catch up to height \(target):\n\(cluster.log(joiner).suffix(2000))")
        for height in 1...target {
            let mine = try await cluster.client(joiner).block(at: height)
            let theirs = try await cluster.client(founders[0]).block(at: height)
            #expect(mine != nil && mine?.hash == theirs?.hash, "block \(height) differs on node 5")
        }

        // Promoted, it votes; then the leader itself is removed and the rest go on.
        try await change(.changeRole(nodeID: joiner, role: .validator), via: founders)
        #expect(await NodeCluster.eventually(30) {
            await Self.configured(everyone, voters: [1, 2, 3, 4, 5], learners: [], cluster: cluster)
        }, "node 5 was not promoted everywhere")
        let leader = try await cluster.waitForLeader(among: everyone)
        try await change(.removeMember(nodeID: leader), via: [leader] + everyone.filter { $0 != leader })
        let remaining = everyone.filter { $0 != leader }
        #expect(await NodeCluster.eventually(30) {
            await Self.configured(remaining, voters: remaining, learners: [], cluster: cluster)
        }, "node \(leader) was not removed everywhere")
        let newLeader = try await cluster.waitForLeader(among: remaining)
        #expect(newLeader != leader)
        try await pay(10, via: remaining)

        // No acknowledged transaction is lost, and the remaining nodes agree on the chain.
        let head = try await cluster.client(newLeader).status().height
        #expect(await NodeCluster.eventually(30) {
            for id in remaining {
                guard let height = try? await cluster.client(id).status().height, height >= head else { return false }
            }
            return true
        })
        for id in remaining {
            let client = try cluster.client(id)
            for hash in acknowledged {
                let found = try await client.transaction(hash)
                #expect(found?.status == "committed", "transaction \(hash) is not committed on node \(id)")
                if found?.status != "committed" { break }
            }
            #expect(try await client.block(at: head)?.hash == cluster.client(newLeader).block(at: head)?.hash)
        }
        #expect(try await cluster.client(newLeader).account(recipient).balance == 1_000_000_000 + 25)
        #expect(cluster.log(leader).contains("membership changed"))
        #expect(cluster.log(leader).contains("this node was removed from the network"), "\(cluster.log(leader).suffix(2000))")
    }

    @Test func aNodeJoiningAfterCompactionSyncsFromASnapshotAndFollows() async throws {
        let cluster = try NodeCluster(nodes: 3, joiners: 1, signature: .p256, snapshotInterval: 8)
        try cluster.startAll()
        let founders = cluster.nodeIDs
        _ = try await cluster.waitForLeader(among: founders)
        let payer = cluster.net.users[1].builder
        let recipient = cluster.net.users[2].builder.address
        for nonce in 0..<20 as Range<UInt64> {
            let tx = try payer.transfer(to: recipient, amount: 1, nonce: nonce, sender: nonce == 0 ? .certificate : .fingerprint)
            #expect(await Self.commit(tx, via: founders, cluster: cluster).committed)
        }
        try cluster.start(4)
        let add = try cluster.net.users[0].builder.sign(.addMember(cluster.net.joiningMembers[0]), nonce: 0).encoded()
        #expect(await Self.commit(add, via: founders, cluster: cluster).committed)
        let next = try payer.transfer(to: recipient, amount: 1, nonce: 20, sender: .fingerprint)
        let last = await Self.commit(next, via: founders, cluster: cluster)
        #expect(last.committed)
        #expect(await NodeCluster.eventually(30) { (try? await cluster.client(4).transaction(last.hash))?.status == "committed" },
                "node 4 did not follow:\n\(cluster.log(4).suffix(2000))")
        #expect(cluster.log(4).contains("state restored from a snapshot"))
        #expect(try await cluster.client(4).account(recipient).balance == 1_000_000_000 + 21)
        #expect(try await cluster.client(4).status().role == "observer")
    }

    @Test func aSecondMembershipTransactionWaitsForTheFirstToApply() async throws {
        let cluster = try NodeCluster(nodes: 3, joiners: 2, signature: .p256)
        try cluster.startAll()
        let founders = cluster.nodeIDs
        let leader = try await cluster.waitForLeader(among: founders)
        let admin = cluster.net.users[0].builder
        let first = try admin.sign(.addMember(cluster.net.joiningMembers[0]), nonce: 0).encoded()
        let second = try admin.sign(.addMember(cluster.net.joiningMembers[1]), nonce: 1, sender: .fingerprint).encoded()
        // Both in one submission: the leader may take only one into a block.
        let results = try await cluster.client(leader).submit(batch: [first, second], waitForCommit: true, timeoutSeconds: 20)
        #expect(results.map(\.status) == ["committed", "committed"])
        let heights = results.compactMap(\.height)
        #expect(heights.count == 2 && heights[0] < heights[1], "the two membership changes share block \(heights)")
        #expect(await NodeCluster.eventually(30) {
            await Self.configured(founders, voters: founders, learners: [4, 5], cluster: cluster)
        })
    }
}
