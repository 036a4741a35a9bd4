import FoundationEssentials

/// One scrape of the host's collectors, sent every metrics interval.
public struct MetricsBatch: Codable, Sendable, Equatable {
    public var collectedAt: Date
    public var samples: [MetricSample]

    public init(collectedAt: Date, samples: [MetricSample]) {
        self.collectedAt = collectedAt
        self.samples = samples
    }
}
