import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Resource use of one supervised node process: `node_cpu_seconds_total`, `node_memory_rss_bytes`,
/// `node_threads`, `node_open_fds` and `node_tcp_connections` (established TCP sockets the process
/// owns), each labelled with the node id.
public struct ProcessCollector: Collector {
    public var name: String { "process:\(node)" }
    let proc: ProcFileSystem
    let pid: Int32
    let node: String
    let ticksPerSecond: Double
    let tables: TCPTables

    /// `tables` is shared by the collectors of one round, so nodes in the same network namespace
    /// read `/proc/net/tcp{,6}` once: each read walks the kernel's whole established-socket hash
    /// table (milliseconds on a large host), which was most of the idle agent's CPU.
    public init(pid: Int32, node: String, proc: ProcFileSystem = ProcFileSystem(), tables: TCPTables = TCPTables()) {
        self.proc = proc
        self.pid = pid
        self.node = node
        self.ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
        self.tables = tables
    }

    public func collect() throws -> [MetricSample] {
        let labels = ["node": node]
        let stat = try Self.parse(stat: proc.read("\(pid)/stat"))
        let rss = try Self.parseResidentBytes(status: proc.read("\(pid)/status"))
        let fds = (try? proc.list("\(pid)/fd")) ?? []
        let socketInodes = Set(fds.compactMap { fd -> String? in
            guard let target = proc.readLink("\(pid)/fd/\(fd)"), target.hasPrefix("socket:[") else { return nil }
            return String(target.dropFirst(8).dropLast())
        })
        var established = 0
        if !socketInodes.isEmpty {
            let namespace = proc.readLink("\(pid)/ns/net") ?? "pid \(pid)"
            for table in ["tcp", "tcp6"] {
                if let text = tables.text(of: table, namespace: namespace, read: { try? proc.read("\(pid)/net/\(table)") }) {
                    established += Self.countEstablished(tcpTable: text, inodes: socketInodes)
                }
            }
        }
        return [
            MetricSample("node_cpu_seconds_total", Double(stat.userTicks + stat.systemTicks) / ticksPerSecond, labels: labels),
            MetricSample("node_memory_rss_bytes", rss, labels: labels),
            MetricSample("node_threads", Double(stat.threads), labels: labels),
            MetricSample("node_open_fds", Double(fds.count), labels: labels),
            MetricSample("node_tcp_connections", Double(established), labels: labels),
        ]
    }

    struct Stat: Equatable {
        var state: Character
        var userTicks: Int
        var systemTicks: Int
        var threads: Int
        var startTicks: Int
    }

    /// Parses `/proc/<pid>/stat`. The command name sits in parentheses and may itself contain
    /// spaces and parentheses, so fields are counted from the last `)`.
    static func parse(stat text: String) throws -> Stat {
        guard let close = text.lastIndex(of: ")") else {
            throw AgentError("agent.proc_format", "process stat has no ')' after the command name")
        }
        let rest = text[text.index(after: close)...].split(separator: " ")
        guard rest.count >= 20, let state = rest[0].first,
              let user = Int(rest[11]), let system = Int(rest[12]),
              let threads = Int(rest[17]), let start = Int(rest[19]) else {
            throw AgentError("agent.proc_format", "process stat has \(rest.count) fields after the command, expected at least 20")
        }
        return Stat(state: state, userTicks: user, systemTicks: system, threads: threads, startTicks: start)
    }

    /// The `VmRSS` line of `/proc/<pid>/status`, in bytes.
    static func parseResidentBytes(status: String) throws -> Double {
        for line in status.split(separator: "\n") where line.hasPrefix("VmRSS:") {
            let parts = line.dropFirst(6).split(whereSeparator: { $0 == " " || $0 == "\t" })
            if let kb = parts.first.flatMap({ Double($0) }) { return kb * 1024 }
        }
        throw AgentError("agent.proc_format", "process status has no VmRSS line (is it a zombie?)")
    }

    /// Counts rows of a `/proc/net/tcp` table in state ESTABLISHED (`01`) whose inode is in `inodes`.
    static func countEstablished(tcpTable: String, inodes: Set<String>) -> Int {
        var count = 0
        for line in tcpTable.split(separator: "\n").dropFirst() {
            let fields = line.split(separator: " ")
            guard fields.count > 9, fields[3] == "01", inodes.contains(String(fields[9])) else { continue }
            count += 1
        }
        return count
    }
}

/// The `/proc/net/tcp` and `tcp6` texts of one collection round, by network namespace: read by
/// the first node collector that needs them, reused by the others. Make one per round.
public final class TCPTables: Sendable {
    private let texts = Mutex<[String: String?]>([:])

    public init() {}

    /// The table's text for `namespace`, calling `read` only the first time.
    func text(of table: String, namespace: String, read: () -> String?) -> String? {
        let key = namespace + " " + table
        if let cached = texts.withLock({ $0[key] }) { return cached }
        let text = read()
        texts.withLock { $0[key] = text }
        return text
    }
}
