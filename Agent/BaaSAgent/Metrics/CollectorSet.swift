/// Runs a set of collectors for one scrape. A failing collector does not stop the others: its
/// error is returned next to the samples of the rest, and reported as `agent_collector_up{collector}`.
public struct CollectorSet: Sendable {
    public var collectors: [any Collector]

    public init(_ collectors: [any Collector]) {
        self.collectors = collectors
    }

    public struct Scrape: Sendable {
        public var samples: [MetricSample]
        public var failures: [(collector: String, error: any Error)]
    }

    public func scrape() -> Scrape {
        var samples: [MetricSample] = []
        var failures: [(collector: String, error: any Error)] = []
        for collector in collectors {
            do {
                samples += try collector.collect()
                samples.append(MetricSample("agent_collector_up", 1, labels: ["collector": collector.name]))
            } catch {
                failures.append((collector.name, error))
                samples.append(MetricSample("agent_collector_up", 0, labels: ["collector": collector.name]))
            }
        }
        return Scrape(samples: samples, failures: failures)
    }
}
