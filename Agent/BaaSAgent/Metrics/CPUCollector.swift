#if canImport(Glibc)
import Glibc
#endif

/// Host CPU time per mode from `/proc/stat`, as `host_cpu_seconds_total{mode}` counters, plus
/// `host_cpu_count`.
public struct CPUCollector: Collector {
    public let name = "cpu"
    let proc: ProcFileSystem
    let ticksPerSecond: Double

    public init(proc: ProcFileSystem = ProcFileSystem()) {
        self.proc = proc
        self.ticksPerSecond = Double(sysconf(Int32(_SC_CLK_TCK)))
    }

    public func collect() throws -> [MetricSample] {
        try Self.parse(stat: proc.read("stat"), ticksPerSecond: ticksPerSecond)
    }

    static let modes = ["user", "nice", "system", "idle", "iowait", "irq", "softirq", "steal"]

    /// Parses the text of `/proc/stat`: the aggregate `cpu` line and the count of `cpuN` lines.
    /// - Throws: `AgentError` `agent.proc_format` when the `cpu` line is missing or malformed.
    static func parse(stat: String, ticksPerSecond: Double) throws -> [MetricSample] {
        var samples: [MetricSample] = []
        var cpus = 0
        for line in stat.split(separator: "\n") {
            let fields = line.split(separator: " ", omittingEmptySubsequences: true)
            guard let head = fields.first else { continue }
            if head == "cpu" {
                let values = fields.dropFirst().map { Double($0) }
                guard values.count >= 4, values.allSatisfy({ $0 != nil }) else {
                    throw AgentError("agent.proc_format", "/proc/stat has a malformed 'cpu' line: \(line)")
                }
                for (mode, value) in zip(modes, values) {
                    samples.append(MetricSample("host_cpu_seconds_total", value! / ticksPerSecond, labels: ["mode": mode]))
                }
            } else if head.hasPrefix("cpu"), head.dropFirst(3).allSatisfy(\.isNumber) {
                cpus += 1
            }
        }
        guard !samples.isEmpty else {
            throw AgentError("agent.proc_format", "/proc/stat has no aggregate 'cpu' line")
        }
        samples.append(MetricSample("host_cpu_count", Double(cpus)))
        return samples
    }
}
