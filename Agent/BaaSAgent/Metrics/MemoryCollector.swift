/// Host memory from `/proc/meminfo`: `host_memory_total_bytes`, `host_memory_available_bytes`,
/// `host_memory_free_bytes`, `host_swap_total_bytes`, `host_swap_free_bytes`.
public struct MemoryCollector: Collector {
    public let name = "meminfo"
    let proc: ProcFileSystem

    public init(proc: ProcFileSystem = ProcFileSystem()) {
        self.proc = proc
    }

    public func collect() throws -> [MetricSample] {
        try Self.parse(meminfo: proc.read("meminfo"))
    }

    static let wanted: [(key: String, metric: String)] = [
        ("MemTotal", "host_memory_total_bytes"),
        ("MemAvailable", "host_memory_available_bytes"),
        ("MemFree", "host_memory_free_bytes"),
        ("SwapTotal", "host_swap_total_bytes"),
        ("SwapFree", "host_swap_free_bytes"),
    ]

    /// Parses `Key:   1234 kB` lines; values are converted to bytes.
    /// - Throws: `AgentError` `agent.proc_format` when MemTotal or MemAvailable is missing.
    static func parse(meminfo: String) throws -> [MetricSample] {
        var values: [String: Double] = [:]
        for line in meminfo.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let key = String(line[..<colon])
            let rest = line[line.index(after: colon)...].split(whereSeparator: { $0 == " " || $0 == "\t" })
            guard let number = rest.first.flatMap({ Double($0) }) else { continue }
            let unit = rest.count > 1 ? rest[1] : ""
            values[key] = unit == "kB" ? number * 1024 : number
        }
        guard values["MemTotal"] != nil, values["MemAvailable"] != nil else {
            throw AgentError("agent.proc_format", "/proc/meminfo lacks MemTotal or MemAvailable (kernel older than 3.14?)")
        }
        return wanted.compactMap { entry in values[entry.key].map { MetricSample(entry.metric, $0) } }
    }
}
