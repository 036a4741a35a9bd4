import BaaSCrypto
import BaaSNet
import Synchronization

/// TLS configurations over the test PKI.
enum TestTLS {
    static var certificates: TestCertificates { .shared }

    static func serverConfiguration(crls: String? = nil) -> TLSConfiguration {
        TLSConfiguration(certificateChainPEM: certificates.server.certificatePEM, privateKeyPEM: certificates.server.keyPEM,
                         trustedRootsPEM: certificates.rootPEM, crlsPEM: crls ?? certificates.crlPEM,
                         requireClientCertificate: true)
    }

    static func serverContext(crls: String? = nil) throws -> ReloadableTLSContext {
        try ReloadableTLSContext(configuration: serverConfiguration(crls: crls), role: .server)
    }

    static func clientContext(_ identity: TestCertificates.Identity?) throws -> TLSContext {
        try TLSContext(configuration: TLSConfiguration(certificateChainPEM: identity?.certificatePEM ?? "",
                                                       privateKeyPEM: identity?.keyPEM ?? "",
                                                       trustedRootsPEM: certificates.rootPEM),
                       role: .client)
    }
}

/// A connection handler that records what happens, for tests to wait on.
final class RecordingHandler: ConnectionHandler, @unchecked Sendable {
    struct Record {
        var active = false
        var received: [UInt8] = []
        var closed = false
        var error: NetError?
        var peer: PeerIdentity?
    }

    let record = Mutex(Record())
    let echo: Bool
    let greeting: [UInt8]

    /// - Parameter greeting: written from the loop thread the moment the connection is up, so
    ///   the peer gets it at once even when the test's own task is slow to be scheduled.
    init(echo: Bool = false, greeting: [UInt8] = []) {
        self.echo = echo
        self.greeting = greeting
    }

    func connectionDidBecomeActive(_ connection: Connection) {
        record.withLock {
            $0.active = true
            $0.peer = connection.peerIdentity
        }
        if !greeting.isEmpty { connection.write(greeting) }
    }

    func connection(_ connection: Connection, didReceive bytes: [UInt8]) {
        record.withLock { $0.received += bytes }
        if echo { connection.write(bytes) }
    }

    func connectionDidClose(_ connection: Connection, error: NetError?) {
        record.withLock {
            $0.closed = true
            $0.error = error
        }
    }

    var snapshot: Record { record.withLock { $0 } }
}

/// Polls `condition` every 5 ms until it holds or `timeout` passes; returns whether it held.
/// The default timeout only bounds a hang: under full-suite load a step can take many seconds.
func eventually(timeout: Duration = .seconds(60), _ condition: () -> Bool) async -> Bool {
    let clock = ContinuousClock()
    let end = clock.now + timeout
    while clock.now < end {
        if condition() { return true }
        // A cancelled task (a test past its time limit) must not spin here.
        do { try await Task.sleep(for: .milliseconds(5)) } catch { break }
    }
    return condition()
}

/// A process-wide loop group for tests (never shut down: tests run in parallel).
let testGroup: EventLoopGroup = {
    do { return try EventLoopGroup(loopCount: 2) } catch { fatalError("\(error)") }
}()

/// Handler threads for the servers of these tests, apart from `WorkerPool.shared`, which other
/// suites in the same process load with slow handlers (password hashing, SQLite).
let testWorkers = WorkerPool(threadCount: 2)

/// Threads for the steps of a test that race a server-side timer. Swift's cooperative pool has
/// one thread per core and, early in a full run, a queue of CPU-bound tests: a task resuming
/// there can wait many seconds, longer than the timeouts such tests configure.
let testBodyThreads = WorkerPool(threadCount: 2)

/// Runs `body` with its continuations on `testBodyThreads` instead of the cooperative pool.
func offTheCooperativePool<T>(_ body: () async throws -> T) async throws -> T {
    try await withTaskExecutorPreference(testBodyThreads, operation: body)
}

/// Loops for the channel tests alone: their heartbeats and silence timers must not wait behind
/// the large TLS transfers other tests push through `testGroup`.
let channelTestGroup: EventLoopGroup = {
    do { return try EventLoopGroup(loopCount: 1) } catch { fatalError("\(error)") }
}()
