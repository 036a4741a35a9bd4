import Foundation
import Testing
@testable import BaaSAgent

/// Node collectors of one round share the TCP tables of their network namespace (each read of
/// `/proc/net/tcp` walks the kernel's whole socket hash table), checked on a fixture `/proc` tree.
@Suite struct ProcessCollectorTablesTests {
    static let table = """
      sl  local_address rem_address   st tx_queue rx_queue tr tm->when retrnsmt   uid  timeout inode
       0: 0100007F:1F90 0100007F:C350 01 00000000:00000000 00:00000000 00000000     0        0 1002 1 0000000000000000 20 4 30 10 -1
       1: 0100007F:C351 0100007F:1F90 01 00000000:00000000 00:00000000 00000000     0        0 2002 1 0000000000000000 20 4 30 10 -1
    """

    /// A fixture process: stat, status, one socket descriptor, a network namespace link, and
    /// `net/tcp` only when `table` is given.
    func makeProcess(_ pid: Int32, socket: String, namespace: String, table: String?, in root: URL) throws {
        let directory = root.appendingPathComponent("\(pid)")
        let manager = FileManager.default
        try manager.createDirectory(at: directory.appendingPathComponent("fd"), withIntermediateDirectories: true)
        try manager.createDirectory(at: directory.appendingPathComponent("ns"), withIntermediateDirectories: true)
        try "\(pid) (node) S 1 \(pid) \(pid) 0 -1 4194560 1500 0 0 0 250 75 0 0 20 0 7 0 123456 1000000 2500 0"
            .write(to: directory.appendingPathComponent("stat"), atomically: true, encoding: .utf8)
        try "Name:\tnode\nVmRSS:\t 100 kB\n".write(to: directory.appendingPathComponent("status"), atomically: true, encoding: .utf8)
        try manager.createSymbolicLink(atPath: directory.path + "/fd/3", withDestinationPath: "socket:[\(socket)]")
        try manager.createSymbolicLink(atPath: directory.path + "/ns/net", withDestinationPath: namespace)
        if let table {
            try manager.createDirectory(at: directory.appendingPathComponent("net"), withIntermediateDirectories: true)
            try table.write(to: directory.appendingPathComponent("net/tcp"), atomically: true, encoding: .utf8)
        }
    }

    func connections(_ samples: [MetricSample]) -> Double? {
        samples.first { $0.name == "node_tcp_connections" }?.value
    }

    @Test func nodesInOneNamespaceReadTheTablesOncePerRound() throws {
        let root = FileManager.default.temporaryDirectory.appendingPathComponent("baas-proc-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: root) }
        // Only the first process has a readable table: the second can only count its connection
        // from the text the first one's collector read for the shared namespace.
        try makeProcess(100, socket: "1002", namespace: "net:[4026531840]", table: Self.table, in: root)
        try makeProcess(200, socket: "2002", namespace: "net:[4026531840]", table: nil, in: root)
        try makeProcess(300, socket: "2002", namespace: "net:[4026532999]", table: nil, in: root)
        let proc = ProcFileSystem(root: root.path)

        let round = TCPTables()
        #expect(connections(try ProcessCollector(pid: 100, node: "a", proc: proc, tables: round).collect()) == 1)
        #expect(connections(try ProcessCollector(pid: 200, node: "b", proc: proc, tables: round).collect()) == 1)
        // Another namespace has tables of its own (here none).
        #expect(connections(try ProcessCollector(pid: 300, node: "c", proc: proc, tables: round).collect()) == 0)
        // A new round reads again.
        #expect(connections(try ProcessCollector(pid: 200, node: "b", proc: proc, tables: TCPTables()).collect()) == 0)
    }
}
