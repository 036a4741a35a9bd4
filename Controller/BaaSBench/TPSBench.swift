import BaaSCore
import BaaSCrypto
import BaaSLedger
import Foundation
import Synchronization

/// `baas-bench tps`: committed transactions per second of a local `baas-ledger` network (real
/// processes on loopback), commit latency at half the peak load, CPU per transaction, and the
/// signature-verify ceiling of this machine measured in the same run.
///
/// Transactions are signed before each timed window; load is open-loop (batches fired on a fixed
/// schedule whether or not earlier ones were answered), each batch acknowledged once committed.
enum TPSBench {
    static let command: (String, CommandLineTool.Node) = (
        "tps",
        .command(summary: "committed TPS and commit latency of a local baas-ledger network",
                 usage: "[--nodes 4] [--tx transfer|kv|erc20] [--crypto p256|sm2] [--duration SECONDS] [--users N] [--rate TPS]",
                 action: { arguments in await run(arguments) }))

    struct Options {
        var nodes = 4
        var kind = "transfer"
        var signature = SignatureAlgorithm.p256
        var seconds = 10.0
        var users = 800
        var rate: Double?
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        var options = Options()
        var rest = arguments[...]
        while let option = rest.popFirst() {
            guard let value = rest.popFirst() else {
                printStandardError("baas-bench tps: \(option) needs a value")
                return .usage
            }
            switch option {
            case "--nodes": options.nodes = Int(value) ?? 0
            case "--tx": options.kind = value
            case "--crypto":
                guard let signature = SignatureAlgorithm(rawValue: value) else {
                    printStandardError("baas-bench tps: --crypto p256 or sm2")
                    return .usage
                }
                options.signature = signature
            case "--duration": options.seconds = Double(value) ?? 0
            case "--users": options.users = Int(value) ?? 0
            case "--rate": options.rate = Double(value)
            default:
                printStandardError("baas-bench tps: unknown option \(option)")
                return .usage
            }
        }
        guard (1...16).contains(options.nodes), ["transfer", "kv", "erc20"].contains(options.kind), options.seconds > 0, options.users > 0 else {
            printStandardError("baas-bench tps: --nodes 1…16, --tx transfer|kv|erc20, --duration > 0, --users > 0")
            return .usage
        }
        do {
            try await measure(options)
            return .ok
        } catch {
            printStandardError("baas-bench tps: \(error)")
            return .failed
        }
    }

    /// Verifies per second of this machine on all its cores for `signature` (signatures over
    /// 32-byte digests), from the CPU time the verifications took: the machine is shared, so
    /// wall-clock rates would measure the neighbours.
    static func verifyCeiling(_ signature: SignatureAlgorithm) -> Double {
        let cores = max(ProcessInfo.processInfo.activeProcessorCount, 1)
        let key = PrivateKey.generate(signature)
        let digest = [UInt8](repeating: 7, count: 32)
        let sig = (try? key.sign(digest)) ?? []
        let publicKey = key.publicKey
        let cpuBefore = processCPUSeconds()
        let start = Date()
        let total = Mutex(0)
        DispatchQueue.concurrentPerform(iterations: cores) { _ in
            var n = 0
            while Date().timeIntervalSince(start) < 1.5 {
                for _ in 0..<20 { _ = publicKey.verify(signature: sig, message: digest) }
                n += 20
            }
            total.withLock { $0 += n }
        }
        let cpu = max(processCPUSeconds() - cpuBefore, 0.001)
        return Double(total.withLock { $0 }) / cpu * Double(cores)
    }

    static func processCPUSeconds() -> Double {
        var time = timespec()
        clock_gettime(CLOCK_PROCESS_CPUTIME_ID, &time)
        return Double(time.tv_sec) + Double(time.tv_nsec) / 1e9
    }

    private static func measure(_ options: Options) async throws {
        let directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-bench-tps-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: directory) }
        let ceiling = verifyCeiling(options.signature)
        let clusterCeiling = ceiling / Double(options.nodes)
        print("verify ceiling: \(Int(ceiling)) \(options.signature.rawValue) verifies/s on \(ProcessInfo.processInfo.activeProcessorCount) cores (per CPU-second)"
              + " → \(Int(clusterCeiling)) tx/s when each of \(options.nodes) nodes verifies every transaction")

        let net = try Testnet.write(.init(nodes: options.nodes, directory: directory.path, signature: options.signature,
                                          basePort: UInt16.random(in: 12_000...30_000) & ~1, users: options.users,
                                          parameters: ChainParameters(maxTransactionsPerBlock: 10_000, maxBlockBytes: 16 << 20,
                                                                      blockIntervalMilliseconds: 100)))
        let cluster = try TPSCluster(net: net)
        defer { cluster.stop() }
        try await cluster.waitForLeader()

        var load = TPSLoad(net: net, kind: options.kind, clients: try (1...UInt64(options.nodes)).map { try net.client($0) })
        try await load.registerUsers()
        await load.warmUp(perNode: 128)

        // Ramp: short windows of rising offered load (×1.5 each) until the nodes stop keeping up;
        // then two windows bisect between the last rate they kept up with and the first they did
        // not, so the peak does not depend on where a ×1.5 step happens to land. The peak is the
        // best committed rate seen. Then a full window at half of it for the latency figure.
        let groupSize = options.users / 10
        var group = 0
        func nextGroup() -> Range<Int> {
            defer { group += 1 }
            return (group * groupSize)..<((group + 1) * groupSize)
        }
        func keptUp(_ step: TPSLoad.Phase) -> Bool { step.committedTPS >= 0.9 * step.offered && step.p99Milliseconds <= 2_000 }
        var rate = options.rate ?? (options.signature == .sm2 ? 200 : 800)
        var peak: TPSLoad.Phase?
        var lastKept: Double?
        var firstMissed: Double?
        for _ in 0..<7 {
            let step = try await load.phase(rate: rate, seconds: min(options.seconds, 4), group: nextGroup(), cluster: cluster)
            print(step.line("ramp"))
            if peak == nil || step.committedTPS > peak!.committedTPS { peak = step }
            if options.rate != nil { break }
            try await cluster.waitForEmptyPools()
            guard keptUp(step) else { firstMissed = rate; break }
            lastKept = rate
            rate = (rate * 1.5).rounded()
        }
        if var low = lastKept, var high = firstMissed {
            for _ in 0..<2 {
                let middle = ((low + high) / 2).rounded()
                let step = try await load.phase(rate: middle, seconds: min(options.seconds, 4), group: nextGroup(), cluster: cluster)
                print(step.line("bisect"))
                if step.committedTPS > peak!.committedTPS { peak = step }
                try await cluster.waitForEmptyPools()
                if keptUp(step) { low = middle } else { high = middle }
            }
        }
        guard let peak else { return }
        print(peak.line("peak"))
        let halfRate = max((peak.committedTPS * 0.5).rounded(), 1)
        let half = try await load.phase(rate: halfRate, seconds: options.seconds, group: nextGroup(), cluster: cluster)
        print(half.line("50% load"))

        let consensus = "raft"
        let json = "{\"bench\":\"tps\",\"tx\":\"\(options.kind)\",\"crypto\":\"\(options.signature.rawValue)\",\"consensus\":\"\(consensus)\","
            + "\"nodes\":\(options.nodes),\"tps\":\(Int(peak.committedTPS)),\"p99_ms\":\(Int(half.p99Milliseconds.rounded())),"
            + "\"verify_ceiling_tps\":\(Int(clusterCeiling))}"
        print(json)
    }
}
