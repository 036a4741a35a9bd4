import BaaSLedger
import Foundation

/// The `baas-ledger` processes of a `tps` run, started from the binary next to `baas-bench`.
final class TPSCluster: @unchecked Sendable {
    let net: Testnet
    private var processes: [Process] = []

    init(net: Testnet) throws {
        self.net = net
        let bin = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
            .appendingPathComponent("baas-ledger")
        guard FileManager.default.isExecutableFile(atPath: bin.path) else {
            throw LedgerError("bench.no_binary", "\(bin.path) is missing; build it with swift build -c release --product baas-ledger")
        }
        for path in net.configPaths {
            let process = Process()
            process.executableURL = bin
            process.arguments = ["run", "--config", path]
            let log = URL(fileURLWithPath: path).deletingLastPathComponent().appendingPathComponent("node.log")
            _ = FileManager.default.createFile(atPath: log.path, contents: nil)
            let handle = try FileHandle(forWritingTo: log)
            process.standardOutput = handle
            process.standardError = handle
            try process.run()
            processes.append(process)
        }
    }

    /// utime + stime of every node process, in seconds.
    var cpuSeconds: Double {
        let ticks = processes.compactMap { ConnsProcessSample.read(pid: $0.processIdentifier)?.cpuTicks }.reduce(0, +)
        return Double(ticks) / Double(ConnsProcessSample.ticksPerSecond)
    }

    func waitForLeader() async throws {
        let deadline = Date().addingTimeInterval(60)
        while Date() < deadline {
            var leaders = Set<UInt64>()
            for id in 1...UInt64(net.configPaths.count) {
                if let status = try? await net.client(id).status() { leaders.insert(status.leader) } else { leaders.insert(0) }
            }
            if leaders.count == 1, leaders.first != 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
        throw LedgerError("bench.no_leader", "the nodes elected no leader within 60 s; see node.log in each node folder")
    }

    /// Waits (up to 20 s) until no node has transactions pending, so one window's backlog does
    /// not count in the next.
    func waitForEmptyPools() async throws {
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            var pending = 0
            for id in 1...UInt64(net.configPaths.count) { pending += (try? await net.client(id).status().poolSize) ?? 0 }
            if pending == 0 { return }
            try await Task.sleep(for: .milliseconds(200))
        }
    }

    func stop() {
        for process in processes where process.isRunning {
            process.terminate()
            process.waitUntilExit()
        }
    }
}
