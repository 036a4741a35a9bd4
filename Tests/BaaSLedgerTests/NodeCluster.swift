import BaaSCrypto
import BaaSLedger
import Foundation

/// Real `baas-ledger` processes on 127.0.0.1 over a generated test network in a temporary
/// folder; every process is killed and the folder removed when the cluster goes away.
final class NodeCluster: @unchecked Sendable {
    let net: Testnet
    let directory: URL
    private var processes: [UInt64: Process] = [:]
    private var clients: [UInt64: LedgerClient] = [:]

    /// The folder holding the executables (the test bundle's own folder).
    static var binDirectory: URL {
        if let dir = ProcessInfo.processInfo.environment["BAAS_BIN_DIR"] { return URL(fileURLWithPath: dir) }
        var dir = URL(fileURLWithPath: "/proc/self/exe").resolvingSymlinksInPath().deletingLastPathComponent()
        if dir.lastPathComponent.hasSuffix(".xctest") { dir = dir.deletingLastPathComponent() }
        return dir
    }

    /// `nodes` genesis validators, and `joiners` nodes ready to join later (ids after them).
    init(nodes: Int = 4, joiners: Int = 0, signature: SignatureAlgorithm, users: Int = 4,
         parameters: ChainParameters = ChainParameters(blockIntervalMilliseconds: 100), snapshotInterval: UInt64? = nil,
         tokenKeys: Testnet.TokenKeys? = nil) throws {
        directory = FileManager.default.temporaryDirectory.appendingPathComponent("baas-node-\(UUID().uuidString)")
        let base = Self.freePortWindow(count: 2 * (nodes + joiners))
        var options = Testnet.Options(nodes: nodes, directory: directory.path, signature: signature, basePort: base,
                                      users: users, parameters: parameters, snapshotInterval: snapshotInterval)
        options.tokenKeys = tokenKeys
        options.joiners = joiners
        net = try Testnet.write(options)
    }

    deinit {
        for process in processes.values where process.isRunning {
            kill(process.processIdentifier, SIGKILL)
            process.waitUntilExit()
        }
        clients.values.forEach { $0.shutdown() }
        try? FileManager.default.removeItem(at: directory)
    }

    /// The first of `count` consecutive ports that are free now, below the kernel's ephemeral range
    /// so outgoing connections of other programs do not take them meanwhile.
    static func freePortWindow(count: Int) -> UInt16 {
        for _ in 0..<200 {
            let base = UInt16.random(in: 12_000...30_000) & ~1
            let free = (0..<count).allSatisfy { offset in
                let fd = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
                defer { close(fd) }
                var address = sockaddr_in()
                address.sin_family = sa_family_t(AF_INET)
                address.sin_port = (base + UInt16(offset)).bigEndian
                address.sin_addr.s_addr = inet_addr("127.0.0.1")
                return withUnsafePointer(to: &address) {
                    $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { bind(fd, $0, socklen_t(MemoryLayout<sockaddr_in>.size)) }
                } == 0
            }
            if free { return base }
        }
        return 12_000
    }

    /// The genesis nodes.
    var nodeIDs: [UInt64] { (1...UInt64(net.genesis.members.count)).map { $0 } }

    func start(_ id: UInt64) throws {
        let process = Process()
        process.executableURL = Self.binDirectory.appendingPathComponent("baas-ledger")
        process.arguments = ["run", "--config", net.configPaths[Int(id - 1)]]
        let log = directory.appendingPathComponent("node-\(id).log")
        if !FileManager.default.fileExists(atPath: log.path) { _ = FileManager.default.createFile(atPath: log.path, contents: nil) }
        let handle = try FileHandle(forWritingTo: log)
        handle.seekToEndOfFile()
        process.standardOutput = handle
        process.standardError = handle
        try process.run()
        processes[id] = process
    }

    func startAll() throws { try nodeIDs.forEach(start) }

    /// SIGKILL: no chance to flush or say goodbye.
    func kill9(_ id: UInt64) {
        guard let process = processes[id] else { return }
        kill(process.processIdentifier, SIGKILL)
        process.waitUntilExit()
        clients[id]?.shutdown()
        clients[id] = nil
    }

    /// SIGTERM and the exit status.
    func terminate(_ id: UInt64) -> Int32 {
        guard let process = processes[id] else { return -1 }
        process.terminate()
        process.waitUntilExit()
        return process.terminationStatus
    }

    func isRunning(_ id: UInt64) -> Bool { processes[id]?.isRunning ?? false }

    func log(_ id: UInt64) -> String {
        (try? String(contentsOf: directory.appendingPathComponent("node-\(id).log"), encoding: .utf8)) ?? ""
    }

    func client(_ id: UInt64) throws -> LedgerClient {
        if let client = clients[id] { return client }
        let client = try net.client(id)
        clients[id] = client
        return client
    }

    /// Polls until `condition` holds or `seconds` pass; returns whether it held.
    static func eventually(_ seconds: Double, _ condition: () async -> Bool) async -> Bool {
        let deadline = Date().addingTimeInterval(seconds)
        while Date() < deadline {
            if await condition() { return true }
            do { try await Task.sleep(for: .milliseconds(100)) } catch { break }
        }
        return await condition()
    }

    /// The leader that the running `among` nodes agree on, once they do.
    func waitForLeader(among ids: [UInt64], seconds: Double = 30) async throws -> UInt64 {
        var leader: UInt64 = 0
        let found = await Self.eventually(seconds) {
            var seen = Set<UInt64>()
            for id in ids {
                guard let status = try? await client(id).status() else { return false }
                seen.insert(status.leader)
            }
            guard seen.count == 1, let only = seen.first, only != 0, ids.contains(only) else { return false }
            leader = only
            return true
        }
        guard found else {
            let logs = ids.map { "node \($0):\n" + log($0).suffix(1500) }.joined(separator: "\n")
            throw LedgerError("test.no_leader", "no leader agreed by \(ids) within \(seconds) s\n\(logs)")
        }
        return leader
    }
}
