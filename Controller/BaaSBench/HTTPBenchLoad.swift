import BaaSCrypto
import BaaSNet
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A closed-loop load generator: each keep-alive connection sends one GET, waits for the whole
/// response, records the latency and sends the next, until the deadline.
struct HTTPBenchLoad {
    /// Latencies (nanoseconds) of the requests completed in the measured window.
    struct Samples {
        var latencies: [UInt64] = []
        var errors = 0
        var seconds = 0.0

        mutating func add(_ other: Samples) {
            latencies += other.latencies
            errors += other.errors
            seconds += other.seconds
        }

        var summary: Result {
            let sorted = latencies.sorted()
            func percentile(_ p: Double) -> Double {
                guard !sorted.isEmpty else { return 0 }
                return Double(sorted[min(sorted.count - 1, Int(Double(sorted.count) * p))]) / 1_000_000
            }
            return Result(requests: sorted.count, errors: errors, seconds: seconds,
                          p50Milliseconds: percentile(0.50), p99Milliseconds: percentile(0.99))
        }
    }

    struct Result {
        let requests: Int
        let errors: Int
        let seconds: Double
        let p50Milliseconds: Double
        let p99Milliseconds: Double

        var requestsPerSecond: Double { seconds > 0 ? Double(requests) / seconds : 0 }
    }

    let host: String
    let port: UInt16
    let path: String
    let connections: Int
    let warmup: Duration
    let duration: Duration
    let tls: TLSContext
    let group: EventLoopGroup

    func run() async throws -> Samples {
        let request = Array("GET \(path) HTTP/1.1\r\nHost: localhost\r\nAccept: application/json\r\n\r\n".utf8)
        var workers: [HTTPBenchWorker] = []
        for _ in 0..<connections {
            let worker = HTTPBenchWorker(request: request)
            let connection = try await Connection.connect(host: host, port: port, tls: tls, serverName: "localhost",
                                                          on: group.next(), handler: worker)
            worker.connection = connection
            workers.append(worker)
        }
        let now = HTTPBenchWorker.now()
        let recordFrom = now + warmup.benchNanoseconds
        let stopAt = recordFrom + duration.benchNanoseconds
        for worker in workers {
            worker.connection?.eventLoop.execute { worker.start(recordFrom: recordFrom, stopAt: stopAt) }
        }
        try await Task.sleep(for: warmup + duration)
        var waited = 0
        while !workers.allSatisfy({ $0.finished.load(ordering: .acquiring) }), waited < 200 {
            try await Task.sleep(for: .milliseconds(10))
            waited += 1
        }
        var latencies: [UInt64] = []
        var errors = 0
        for worker in workers {
            let (recorded, failed) = worker.results.withLock { ($0.latencies, $0.errors) }
            latencies += recorded
            errors += failed
            worker.connection?.close()
        }
        return Samples(latencies: latencies, errors: errors, seconds: Double(duration.benchNanoseconds) / 1e9)
    }
}

/// One load connection; every callback runs on its loop thread.
final class HTTPBenchWorker: ConnectionHandler, @unchecked Sendable {
    struct Results {
        var latencies: [UInt64] = []
        var errors = 0
    }

    let request: [UInt8]
    var connection: Connection?
    let results = Mutex(Results())
    let finished = Atomic<Bool>(false)
    private var parser = HTTPMessageParser(kind: .response, limits: HTTPLimits())
    private var sentAt: UInt64 = 0
    private var recordFrom: UInt64 = 0
    private var stopAt: UInt64 = 0
    private var latencies: [UInt64] = []
    private var errors = 0

    init(request: [UInt8]) {
        self.request = request
        latencies.reserveCapacity(200_000)
    }

    static func now() -> UInt64 {
        var time = timespec()
        clock_gettime(CLOCK_MONOTONIC, &time)
        return UInt64(time.tv_sec) * 1_000_000_000 + UInt64(time.tv_nsec)
    }

    func start(recordFrom: UInt64, stopAt: UInt64) {
        self.recordFrom = recordFrom
        self.stopAt = stopAt
        send()
    }

    private func send() {
        sentAt = Self.now()
        connection?.write(request)
    }

    func connectionDidBecomeActive(_ connection: Connection) {}

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        parser.append(bytes)
        do {
            while let (head, _) = try parser.next() {
                let now = Self.now()
                if sentAt >= recordFrom {
                    if head.status == 200 { latencies.append(now - sentAt) } else { errors += 1 }
                }
                if now < stopAt {
                    send()
                } else {
                    finish()
                }
            }
        } catch {
            errors += 1
            finish()
        }
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        if !finished.load(ordering: .acquiring) {
            errors += 1
            finish()
        }
    }

    private func finish() {
        guard !finished.load(ordering: .acquiring) else { return }
        let (recorded, failed) = (latencies, errors)
        results.withLock { $0 = Results(latencies: recorded, errors: failed) }
        finished.store(true, ordering: .releasing)
    }
}

extension Duration {
    var benchNanoseconds: UInt64 {
        let (seconds, attoseconds) = components
        return UInt64(max(0, seconds)) * 1_000_000_000 + UInt64(max(0, attoseconds) / 1_000_000_000)
    }
}
