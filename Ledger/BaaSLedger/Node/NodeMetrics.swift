import Synchronization

/// The node's counters and latency histograms, rendered in the Prometheus text format.
///
/// Written by the Raft driver and the API, read by `/metrics`. Thread-safe.
final class NodeMetrics: Sendable {
    /// Upper bounds (seconds) of the latency histograms' buckets.
    static let buckets: [Double] = [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10]

    struct Histogram: Sendable {
        var counts = [UInt64](repeating: 0, count: NodeMetrics.buckets.count)
        var sum = 0.0
        var count: UInt64 = 0

        mutating func observe(_ seconds: Double) {
            for (index, bound) in NodeMetrics.buckets.enumerated() where seconds <= bound { counts[index] += 1 }
            sum += seconds
            count += 1
        }
    }

    private struct Values: Sendable {
        var transactionsCommitted: UInt64 = 0
        var blocksRejected: UInt64 = 0
        var transactionsRejected: UInt64 = 0
        var blockInterval = Histogram()
        var commitLatency = Histogram()
        var lastBlockMilliseconds: UInt64 = 0
    }

    private let values = Mutex(Values())

    func committed(transactions: Int, blockTimestampMilliseconds: UInt64) {
        values.withLock { values in
            values.transactionsCommitted += UInt64(transactions)
            if values.lastBlockMilliseconds > 0, blockTimestampMilliseconds >= values.lastBlockMilliseconds {
                values.blockInterval.observe(Double(blockTimestampMilliseconds - values.lastBlockMilliseconds) / 1000)
            }
            values.lastBlockMilliseconds = blockTimestampMilliseconds
        }
    }

    func observeCommitLatency(_ seconds: Double) { values.withLock { $0.commitLatency.observe(seconds) } }
    func blockRejected() { values.withLock { $0.blocksRejected += 1 } }
    func transactionRejected() { values.withLock { $0.transactionsRejected += 1 } }

    var transactionsCommitted: UInt64 { values.withLock { $0.transactionsCommitted } }

    /// The Prometheus exposition of every metric, with the gauges given by the caller.
    func render(height: UInt64, poolSize: Int, peers: Int, clients: Int, isLeader: Bool, term: UInt64,
                signatureChecks: Int = 0) -> String {
        let v = values.withLock { $0 }
        var out = ""
        func metric(_ name: String, _ type: String, _ help: String, _ value: String) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) \(type)\n\(name) \(value)\n"
        }
        func histogram(_ name: String, _ help: String, _ h: Histogram) {
            out += "# HELP \(name) \(help)\n# TYPE \(name) histogram\n"
            for (index, bound) in Self.buckets.enumerated() { out += "\(name)_bucket{le=\"\(bound)\"} \(h.counts[index])\n" }
            out += "\(name)_bucket{le=\"+Inf\"} \(h.count)\n\(name)_sum \(h.sum)\n\(name)_count \(h.count)\n"
        }
        metric("baas_ledger_height", "gauge", "Height of the last committed block.", "\(height)")
        metric("baas_ledger_transactions_committed_total", "counter", "Transactions committed in blocks on this node.",
               "\(v.transactionsCommitted)")
        metric("baas_ledger_transactions_rejected_total", "counter", "Transactions refused at admission.",
               "\(v.transactionsRejected)")
        metric("baas_ledger_blocks_rejected_total", "counter", "Committed Raft entries whose block was refused.",
               "\(v.blocksRejected)")
        metric("baas_ledger_signature_checks_total", "counter",
               "Transaction signatures verified (each transaction once per node; cache hits do not count).", "\(signatureChecks)")
        metric("baas_ledger_pool_size", "gauge", "Transactions waiting in the pool.", "\(poolSize)")
        metric("baas_ledger_peers_connected", "gauge", "Peers with an open P2P link.", "\(peers)")
        metric("baas_ledger_api_clients_connected", "gauge", "Open API connections.", "\(clients)")
        metric("baas_ledger_is_leader", "gauge", "1 when this node leads consensus.", isLeader ? "1" : "0")
        metric("baas_ledger_raft_term", "gauge", "The current Raft term.", "\(term)")
        histogram("baas_ledger_block_interval_seconds", "Time between consecutive block timestamps.", v.blockInterval)
        histogram("baas_ledger_commit_latency_seconds", "Admission to commit of transactions submitted to this node.",
                  v.commitLatency)
        return out
    }
}
