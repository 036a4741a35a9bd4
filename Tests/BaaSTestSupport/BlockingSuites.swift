#if canImport(Testing)
// `swift build` without tests (release, `make release`) does not offer the Testing module to this
// library; only the test targets use what is below.
import Foundation
import Testing

/// Threads of their own for the suites whose tests hold a thread for a long time: they wait for
/// child processes (controller, agents, nodes, `python3 -m vyper`, schemathesis), or compute
/// for many seconds without suspending (the Raft simulation, the EVM vectors).
///
/// All test targets run in one process, and Swift's cooperative pool has one thread per core —
/// two on the CI machine. Two such tests on that pool starve every other async test for as long
/// as they run: a test awaiting a 5 ms poll, or a task it started, does not run again for a
/// minute and its bounds pass. Suites marked `@Suite(.blocking)` run here instead, so the
/// cooperative pool stays free for the suites that await.
public final class BlockingTestThreads: TaskExecutor, @unchecked Sendable {
    /// Three threads: with the pool's two, five tests run at once at most.
    public static let shared = BlockingTestThreads(count: 3)

    private let condition = NSCondition()
    private var jobs: [UnownedJob] = []
    private var next = 0

    init(count: Int) {
        for index in 0..<count {
            let thread = Thread { [self] in run() }
            thread.name = "blocking-tests-\(index)"
            thread.start()
        }
    }

    public func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        condition.lock()
        jobs.append(job)
        condition.signal()
        condition.unlock()
    }

    private func run() {
        while true {
            condition.lock()
            while next == jobs.count { condition.wait() }
            let job = jobs[next]
            next += 1
            if next == jobs.count {
                jobs.removeAll(keepingCapacity: true)
                next = 0
            }
            condition.unlock()
            job.runSynchronously(on: asUnownedTaskExecutor())
        }
    }
}

/// `@Suite(.blocking)`: the suite's tests (and the tasks they start in structured concurrency)
/// run on `BlockingTestThreads`, not on Swift's cooperative pool.
public struct BlockingTrait: SuiteTrait, TestTrait, TestScoping {
    public var isRecursive: Bool { true }

    public func provideScope(for test: Test, testCase: Test.Case?,
                             performing function: @Sendable () async throws -> Void) async throws {
        try await withTaskExecutorPreference(BlockingTestThreads.shared) {
            try await function()
        }
    }
}

extension Trait where Self == BlockingTrait {
    /// Runs the suite on threads apart from Swift's cooperative pool; see `BlockingTestThreads`.
    public static var blocking: Self { BlockingTrait() }
}
#endif
