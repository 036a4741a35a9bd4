/// Produces one family of metrics (one collector per file, after node_exporter).
///
/// `collect()` may block on file reads; it is called from the agent's metrics loop, never from the
/// controller session. A collector that throws is reported and the rest of the scrape goes on.
public protocol Collector: Sendable {
    /// A short name used in error reports (`cpu`, `meminfo`).
    var name: String { get }
    func collect() throws -> [MetricSample]
}
