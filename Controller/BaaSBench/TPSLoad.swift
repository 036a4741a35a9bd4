import BaaSCrypto
import BaaSLedger
import Foundation
import Synchronization

/// Signs and sends the `tps` load: per user, consecutive nonces; batches fired every 10 ms to the
/// nodes in turn, each acknowledged when committed.
struct TPSLoad {
    /// What one timed window measured.
    struct Phase {
        var offered: Double
        var committed: Int
        var committedTPS: Double
        var p50Milliseconds: Double
        var p99Milliseconds: Double
        var cpuMillisecondsPerTx: Double
        /// CPU of the benchmark process itself per committed transaction (sending, not signing).
        var clientCPUMillisecondsPerTx: Double = 0
        /// TLS connections the window opened to the nodes.
        var connectionsOpened = 0
        /// Signatures the four nodes verified per committed transaction (one per node is the design).
        var verifiesPerTx: Double = 0

        func line(_ name: String) -> String {
            String(format: "%@: offered %.0f tx/s, committed %.0f tx/s (%d tx), commit latency p50 %.0f ms p99 %.0f ms, "
                   + "%.3f CPU ms/tx (+ %.3f client), %.2f verifies/tx, %d connections opened", name, offered, committedTPS,
                   committed, p50Milliseconds, p99Milliseconds, cpuMillisecondsPerTx, clientCPUMillisecondsPerTx, verifiesPerTx,
                   connectionsOpened)
        }
    }

    let net: Testnet
    let kind: String
    let clients: [LedgerClient]
    private var nonces: [UInt64]

    init(net: Testnet, kind: String, clients: [LedgerClient]) {
        self.net = net
        self.kind = kind
        self.clients = clients
        nonces = Array(repeating: 0, count: net.users.count)
    }

    /// The first transaction of each user carries its certificate, so later ones name it by
    /// fingerprint; commits them before any timed window.
    mutating func registerUsers() async throws {
        let first = try sign(count: net.users.count, form: .certificate)
        for start in stride(from: 0, to: first.count, by: 200) {
            let results = try await clients[0].submit(batch: Array(first[start..<min(start + 200, first.count)]),
                                                      waitForCommit: true, timeoutSeconds: 60)
            guard results.allSatisfy({ $0.status == "committed" }) else {
                throw LedgerError("bench.register", "registering users failed: \(results.first { $0.status != "committed" }!)")
            }
        }
        if kind == "erc20" { try await ERC20Load.setUp(net: net, client: clients[0], nonces: &nonces) }
    }

    /// Signatures verified so far by all nodes (`baas_ledger_signature_checks_total`).
    private func signatureChecks() async -> Int {
        var total = 0
        for client in clients {
            let text = (try? await client.metrics()) ?? ""
            let line = text.split(separator: "\n").first { $0.hasPrefix("baas_ledger_signature_checks_total ") }
            total += line.flatMap { Int($0.split(separator: " ").last ?? "") } ?? 0
        }
        return total
    }

    /// Opens `perNode` keep-alive connections to each node before any timed window, as a
    /// long-running client has them: a window's requests then pay no TLS handshakes until more
    /// than that many wait at once on one node.
    func warmUp(perNode: Int) async {
        await withTaskGroup(of: Void.self) { group in
            for client in clients {
                for _ in 0..<perNode { group.addTask { _ = try? await client.status() } }
            }
        }
    }

    /// `count` transactions of the users in `group` (all users when nil) in turn, signed on every core.
    private mutating func sign(count: Int, form: TransactionBuilder.SenderForm, group: Range<Int>? = nil) throws -> [[UInt8]] {
        let users = net.users
        let group = group ?? 0..<users.count
        var planned: [(Int, UInt64)] = []
        planned.reserveCapacity(count)
        for index in 0..<count {
            let user = group.lowerBound + index % group.count
            planned.append((user, nonces[user]))
            nonces[user] += 1
        }
        let plan = planned
        let out = Mutex([[UInt8]](repeating: [], count: count))
        let failure = Mutex<(any Error)?>(nil)
        let kind = self.kind
        let token = ERC20Load.token(net)
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        DispatchQueue.concurrentPerform(iterations: cores) { worker in
            var local: [(Int, [UInt8])] = []
            for index in stride(from: worker, to: count, by: cores) {
                let (user, nonce) = plan[index]
                let builder = users[user].builder
                do {
                    let bytes: [UInt8]
                    if kind == "erc20" {
                        bytes = try ERC20Load.transfer(builder, to: users[(user + 1) % users.count].builder.address, token: token,
                                                       nonce: nonce, form: form)
                    } else if kind == "kv" {
                        bytes = try builder.put(key: Array("k-\(user)-\(nonce)".utf8), value: [UInt8](repeating: UInt8(nonce & 0xff), count: 32),
                                                nonce: nonce, sender: form)
                    } else {
                        bytes = try builder.transfer(to: users[(user + 1) % users.count].builder.address, amount: 1, nonce: nonce, sender: form)
                    }
                    local.append((index, bytes))
                } catch {
                    failure.withLock { $0 = error }
                }
            }
            out.withLock { all in for (index, bytes) in local { all[index] = bytes } }
        }
        if let error = failure.withLock({ $0 }) { throw error }
        return out.withLock { $0 }
    }

    /// One open-loop window at `rate` tx/s for `seconds`, sent by the users in `group` only: a
    /// window that overloads the nodes may leave its users with refused nonces, so each window
    /// has senders of its own.
    mutating func phase(rate: Double, seconds: Double, group: Range<Int>, cluster: TPSCluster) async throws -> Phase {
        let tickMilliseconds = 10.0
        let ticks = Int(seconds * 1000 / tickMilliseconds)
        let perTick = rate * tickMilliseconds / 1000
        let total = Int((perTick * Double(ticks)).rounded())
        let transactions = try sign(count: total, form: .fingerprint, group: group)
        let record = Record()
        let clients = self.clients
        let cpuBefore = cluster.cpuSeconds
        let clientCPUBefore = TPSBench.processCPUSeconds()
        let connectionsBefore = clients.reduce(0) { $0 + $1.openedConnectionCount }
        let verifiesBefore = await signatureChecks()
        let start = Date()
        await withTaskGroup(of: Void.self) { group in
            var sent = 0
            for tick in 0..<ticks {
                let due = start.addingTimeInterval(Double(tick) * tickMilliseconds / 1000)
                let wait = due.timeIntervalSinceNow
                if wait > 0 { try? await Task.sleep(for: .milliseconds(Int(wait * 1000))) }
                let upTo = min(Int((perTick * Double(tick + 1)).rounded()), total)
                guard upTo > sent else { continue }
                let batch = Array(transactions[sent..<upTo])
                sent = upTo
                let client = clients[tick % clients.count]
                group.addTask {
                    let submitted = Date()
                    guard let results = try? await client.submit(batch: batch, waitForCommit: true, timeoutSeconds: 30) else { return }
                    let now = Date()
                    let committed = results.filter { $0.status == "committed" }.count
                    let latency = now.timeIntervalSince(submitted) * 1000
                    record.add(latency: latency, count: committed, at: now)
                }
            }
        }
        let cpu = cluster.cpuSeconds - cpuBefore
        let clientCPU = TPSBench.processCPUSeconds() - clientCPUBefore
        let connections = clients.reduce(0) { $0 + $1.openedConnectionCount } - connectionsBefore
        let verifies = await signatureChecks() - verifiesBefore
        let (unsorted, last) = record.values
        let sorted = unsorted.sorted()
        let elapsed = max(last.timeIntervalSince(start), 0.001)
        func percentile(_ p: Double) -> Double {
            sorted.isEmpty ? 0 : sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]
        }
        return Phase(offered: rate, committed: sorted.count, committedTPS: Double(sorted.count) / elapsed,
                     p50Milliseconds: percentile(0.5), p99Milliseconds: percentile(0.99),
                     cpuMillisecondsPerTx: sorted.isEmpty ? 0 : cpu * 1000 / Double(sorted.count),
                     clientCPUMillisecondsPerTx: sorted.isEmpty ? 0 : clientCPU * 1000 / Double(sorted.count),
                     connectionsOpened: connections,
                     verifiesPerTx: sorted.isEmpty ? 0 : Double(verifies) / Double(sorted.count))
    }
}

/// Latencies and the time of the last acknowledgement, shared by a window's request tasks.
private final class Record: Sendable {
    private let state = Mutex<([Double], Date)>(([], Date()))

    func add(latency: Double, count: Int, at time: Date) {
        state.withLock { state in
            state.0 += Array(repeating: latency, count: count)
            state.1 = max(state.1, time)
        }
    }

    var values: ([Double], Date) { state.withLock { $0 } }
}
