/// One measured value with its labels, in Prometheus naming (`host_memory_available_bytes`).
///
/// Counters end in `_total` and only grow; the controller derives rates from two samples.
public struct MetricSample: Sendable, Equatable, Codable {
    public var name: String
    public var labels: [String: String]
    public var value: Double

    public init(_ name: String, _ value: Double, labels: [String: String] = [:]) {
        self.name = name
        self.labels = labels
        self.value = value
    }
}
