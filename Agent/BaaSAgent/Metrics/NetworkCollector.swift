/// Bytes and packets per network interface from `/proc/net/dev`, as
/// `host_network_{receive,transmit}_{bytes,packets}_total{device}` counters. Loopback is included:
/// nodes of one host talk over it.
public struct NetworkCollector: Collector {
    public let name = "netdev"
    let proc: ProcFileSystem

    public init(proc: ProcFileSystem = ProcFileSystem()) {
        self.proc = proc
    }

    public func collect() throws -> [MetricSample] {
        try Self.parse(netdev: proc.read("net/dev"))
    }

    /// Parses the two header lines and one `iface: rx… tx…` line per interface.
    /// - Throws: `AgentError` `agent.proc_format` for a line with fewer than 16 counters.
    static func parse(netdev: String) throws -> [MetricSample] {
        var samples: [MetricSample] = []
        for line in netdev.split(separator: "\n") {
            guard let colon = line.firstIndex(of: ":") else { continue }
            let device = line[..<colon].trimmingSpaces()
            let counters = line[line.index(after: colon)...].split(separator: " ").compactMap { Double($0) }
            guard counters.count >= 16 else {
                throw AgentError("agent.proc_format", "/proc/net/dev line for \(device) has \(counters.count) counters, expected 16")
            }
            let labels = ["device": device]
            samples.append(MetricSample("host_network_receive_bytes_total", counters[0], labels: labels))
            samples.append(MetricSample("host_network_receive_packets_total", counters[1], labels: labels))
            samples.append(MetricSample("host_network_transmit_bytes_total", counters[8], labels: labels))
            samples.append(MetricSample("host_network_transmit_packets_total", counters[9], labels: labels))
        }
        return samples
    }
}

extension Substring {
    func trimmingSpaces() -> String {
        String(drop(while: { $0 == " " }).reversed().drop(while: { $0 == " " }).reversed())
    }
}
