import Foundation
import Synchronization
import Testing
import BaaSCore
#if canImport(Glibc)
import Glibc
#endif

/// Records what a service went through.
final class ServiceProbe: Sendable {
    private let state = Mutex<(started: Bool, cancelled: Bool, cleanedUp: Bool)>((false, false, false))
    private let release = Mutex(false)
    var released: Bool { release.withLock { $0 } }
    func releaseService() { release.withLock { $0 = true } }
    var started: Bool { state.withLock { $0.started } }
    var cancelled: Bool { state.withLock { $0.cancelled } }
    var cleanedUp: Bool { state.withLock { $0.cleanedUp } }
    func markStarted() { state.withLock { $0.started = true } }
    func markCancelled() { state.withLock { $0.cancelled = true } }
    func markCleanedUp() { state.withLock { $0.cleanedUp = true } }

    /// Waits (bounded) until the service has started.
    func waitUntilStarted() async throws {
        let deadline = ContinuousClock.now + .seconds(60)
        while !started {
            try #require(ContinuousClock.now < deadline, "service did not start")
            try await Task.sleep(for: .milliseconds(5))
        }
    }
}

/// Runs until cancelled, then cleans up and returns.
struct WaitingService: Service {
    let probe: ServiceProbe
    func run() async throws {
        probe.markStarted()
        do {
            try await Task.sleep(for: .seconds(3600))
        } catch is CancellationError {
            probe.markCancelled()
        }
        probe.markCleanedUp()
    }
}

struct ServiceBroke: Error, Equatable {}

/// Fails shortly after starting.
struct FailingService: Service {
    func run() async throws {
        try await Task.sleep(for: .milliseconds(50))
        throw ServiceBroke()
    }
}

/// Ignores cancellation until the probe is released.
struct StubbornService: Service {
    let probe: ServiceProbe
    func run() async throws {
        probe.markStarted()
        // The wait runs in a detached task, which the group's cancellation does not reach: in a
        // cancelled task `Task.sleep` returns at once, and the loop would spin on a thread of
        // the small cooperative pool every other test needs.
        let probe = probe
        await Task.detached {
            while !probe.released {
                try? await Task.sleep(for: .milliseconds(10))
            }
        }.value
    }
}

/// NOTIFY_SOCKET, WATCHDOG_USEC and signal dispositions are process-wide: one test at a time.
@Suite(.serialized) struct LifecycleTests {
    let sink = InMemoryLogSink()
    var logger: Logger { Logger(label: "lifecycle-test", sink: sink) }

    @Test func notifierSendsExactDatagramsToTheNotifySocket() async throws {
        let socket = try NotifySocket()
        await withEnvironment("NOTIFY_SOCKET", socket.path) {
            let notifier = SystemdNotifier()
            #expect(notifier.ready(status: "serving 3 nodes"))
            #expect(socket.receive() == "READY=1\nSTATUS=serving 3 nodes")
            #expect(notifier.status("controller unreachable,\nretrying"))
            #expect(socket.receive() == "STATUS=controller unreachable, retrying")
            #expect(notifier.watchdog())
            #expect(socket.receive() == "WATCHDOG=1")
            #expect(notifier.stopping())
            #expect(socket.receive() == "STOPPING=1")
        }
    }

    @Test func notifierIsANoOpWithoutNotifySocket() async throws {
        let saved = getenv("NOTIFY_SOCKET").map { String(cString: $0) }
        unsetenv("NOTIFY_SOCKET")
        defer { if let saved { setenv("NOTIFY_SOCKET", saved, 1) } }
        #expect(!SystemdNotifier().ready())
        #expect(SystemdNotifier().watchdogTimeout == nil)
    }

    @Test(arguments: [
        ("500000", nil, Duration?.some(.milliseconds(500))),
        ("500000", "OWN", .some(.milliseconds(500))),
        ("500000", "1", nil),
        ("0", nil, nil),
        ("soon", nil, nil),
    ])
    func watchdogTimeoutAppliesOnlyToThisProcess(usec: String, pid: String?, expected: Duration?) async {
        await withEnvironment("WATCHDOG_USEC", usec) {
            let saved = getenv("WATCHDOG_PID").map { String(cString: $0) }
            defer { if let saved { setenv("WATCHDOG_PID", saved, 1) } else { unsetenv("WATCHDOG_PID") } }
            if let pid {
                setenv("WATCHDOG_PID", pid == "OWN" ? String(getpid()) : pid, 1)
            } else {
                unsetenv("WATCHDOG_PID")
            }
            #expect(SystemdNotifier().watchdogTimeout == expected)
        }
    }

    // The group tests give the notifier its socket directly: NOTIFY_SOCKET in the environment
    // would also reach programs other suites spawn meanwhile, and they would report to it too.
    @Test func groupPingsWatchdogAndReportsReadyAndStopping() async throws {
        let socket = try NotifySocket()
        let probe = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: probe)], logger: logger,
                                 notifier: SystemdNotifier(socketPath: socket.path, watchdogTimeout: .milliseconds(100)))
        let running = Task { try await group.run() }
        try await probe.waitUntilStarted()
        group.markReady(status: "connected")
        // Waits for the pings themselves, not a time window: a loaded machine may run the
        // watchdog task late, and the check is that it pings at all, repeatedly.
        var messages = await socket.collect(within: .seconds(60)) { received in
            received.filter { $0 == "WATCHDOG=1" }.count >= 3
        }
        group.triggerShutdown()
        try await running.value
        messages += socket.drain()
        #expect(messages.contains("READY=1\nSTATUS=connected"))
        #expect(messages.filter { $0 == "WATCHDOG=1" }.count >= 3)
        #expect(messages.last == "STOPPING=1")
        #expect(Set(messages) == ["READY=1\nSTATUS=connected", "WATCHDOG=1", "STOPPING=1"])
        #expect(probe.cancelled && probe.cleanedUp)
    }

    @Test func explicitNotifierSendsToItsSocketAndFailsWhenNoneListens() async throws {
        let socket = try NotifySocket()
        let notifier = SystemdNotifier(socketPath: socket.path)
        #expect(notifier.watchdogTimeout == nil)
        #expect(notifier.status("up"))
        #expect(socket.receive() == "STATUS=up")
        #expect(!SystemdNotifier(socketPath: "@baas-test-nobody-listens-\(getpid())").ready())
    }

    @Test func realSIGTERMShutsTheGroupDownGracefully() async throws {
        let socket = try NotifySocket()
        let first = ServiceProbe()
        let second = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: first), WaitingService(probe: second)],
                                 logger: logger, notifier: SystemdNotifier(socketPath: socket.path))
        let running = Task { try await group.run() }
        // The services start only after the handlers are installed and SIGTERM's default
        // action is ignored, so this signal cannot terminate the test process.
        try await first.waitUntilStarted()
        try await second.waitUntilStarted()
        try await sendSIGTERM(stopping: group, running: running)
        #expect(first.cancelled && first.cleanedUp)
        #expect(second.cancelled && second.cleanedUp)
        #expect(socket.drain() == ["STOPPING=1"])
    }

    @Test func secondGroupInTheSameProcessAlsoStopsOnSIGTERM() async throws {
        for round in 1...2 {
            let probe = ServiceProbe()
            let group = ServiceGroup(services: [WaitingService(probe: probe)], logger: logger)
            let running = Task { try await group.run() }
            try await probe.waitUntilStarted()
            try await sendSIGTERM(stopping: group, running: running)
            #expect(probe.cancelled && probe.cleanedUp, "round \(round)")
        }
    }

    @Test func childProcessesStartedAfterAGroupStillDieOnSIGTERM() async throws {
        let probe = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: probe)], logger: logger)
        let running = Task { try await group.run() }
        try await probe.waitUntilStarted()
        try await sendSIGTERM(stopping: group, running: running)

        let child = Process()
        child.executableURL = URL(fileURLWithPath: "/bin/sh")
        child.arguments = ["-c", "grep -E '^Sig(Blk|Ign):' /proc/self/status; exec sleep 30"]
        let output = Pipe()
        child.standardOutput = output
        try child.run()
        let status = String(decoding: output.fileHandleForReading.availableData, as: UTF8.self)
        let masks = status.split(separator: "\n").compactMap { line -> UInt64? in
            line.split(separator: "\t").last.flatMap { UInt64($0, radix: 16) }
        }
        #expect(masks.count == 2)
        #expect(masks.allSatisfy { $0 & (1 << (UInt64(SIGTERM) - 1)) == 0 }, "SIGTERM blocked or ignored: \(status)")
        child.terminate()
        let deadline = ContinuousClock.now + .seconds(5)
        while child.isRunning && ContinuousClock.now < deadline { try await Task.sleep(for: .milliseconds(10)) }
        if child.isRunning { kill(child.processIdentifier, SIGKILL) }
        #expect(child.terminationReason == .uncaughtSignal)
        #expect(child.terminationStatus == SIGTERM)
    }

    /// Sends SIGTERM to this process and waits for the group to stop. Should the signal be lost,
    /// a fallback shutdown after 30 s keeps the test bounded, and the log check below fails it.
    func sendSIGTERM(stopping group: ServiceGroup, running: Task<Void, any Error>) async throws {
        let fallback = Task {
            try await Task.sleep(for: .seconds(30))
            group.triggerShutdown()
        }
        defer { fallback.cancel() }
        sink.clear()
        #expect(kill(getpid(), SIGTERM) == 0)
        try await running.value
        #expect(sink.lines.contains { $0.contains("shutting down: received signal") && $0.contains("signal=SIGTERM") })
    }

    @Test func failingServiceCancelsTheOthersAndTheGroupRethrows() async throws {
        let probe = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: probe), FailingService()], logger: logger)
        await #expect(throws: ServiceBroke()) { try await group.run() }
        #expect(probe.cancelled && probe.cleanedUp)
        #expect(sink.lines.contains { $0.contains("level=error") && $0.contains("service=FailingService") })
    }

    @Test func serviceIgnoringCancellationHitsTheGracePeriod() async throws {
        let probe = ServiceProbe()
        defer { probe.releaseService() }
        let group = ServiceGroup(services: [StubbornService(probe: probe)], logger: logger,
                                 gracePeriod: .milliseconds(200))
        let running = Task { try await group.run() }
        try await probe.waitUntilStarted()
        let started = ContinuousClock.now
        group.triggerShutdown()
        let error = await #expect(throws: CoreError.self) { try await running.value }
        #expect(error?.code == "lifecycle.shutdown_timeout")
        #expect(error?.message.contains("StubbornService") == true)
        #expect(ContinuousClock.now - started >= .milliseconds(190))
    }

    @Test func cancellingTheRunningTaskShutsDownGracefully() async throws {
        let probe = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: probe)], logger: logger)
        let running = Task { try await group.run() }
        try await probe.waitUntilStarted()
        running.cancel()
        try await running.value
        #expect(probe.cancelled && probe.cleanedUp)
    }

    @Test func shutdownRequestedBeforeRunStopsServicesAtOnce() async throws {
        let probe = ServiceProbe()
        let group = ServiceGroup(services: [WaitingService(probe: probe)], logger: logger)
        group.triggerShutdown()
        let started = ContinuousClock.now
        try await group.run()
        // Far inside the 30 s grace period: the services were stopped, not waited out.
        #expect(ContinuousClock.now - started < .seconds(20))
        #expect(probe.cancelled && probe.cleanedUp)
    }
}
