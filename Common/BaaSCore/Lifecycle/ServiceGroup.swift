import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Runs a program's services together and shuts them down together.
///
/// `run` starts every service concurrently and returns when all have stopped. A shutdown begins
/// when SIGTERM or SIGINT arrives, when `triggerShutdown` is called, when the task running `run`
/// is cancelled, when a service returns, or when a service throws. Shutdown sends `STOPPING=1` to
/// systemd, cancels every service and waits for them up to the grace period. Then `run`:
/// - rethrows the error of the first service that failed (failures after the shutdown began are
///   only logged);
/// - throws `CoreError` `lifecycle.shutdown_timeout` naming the services still running when the
///   grace period ran out (they are left cancelled; the caller should exit the process);
/// - returns normally otherwise.
///
/// Signals: from the first `run` on, the given signals' default action is ignored for the rest of
/// the process and Dispatch signal sources turn them into a shutdown of the running group (the
/// services start only after that is in place). libdispatch cannot give a signal back, so after
/// `run` returns the program should exit rather than expect SIGTERM to kill it.
/// `READY=1` is not sent by the group: the program calls `markReady` when it really is ready
/// (the agent, after its first successful connection). A systemd watchdog, when configured, is
/// pinged until the shutdown begins: `STOPPING=1` is the last message systemd gets. Call `run` once.
public final class ServiceGroup: Sendable {
    private enum Event: Sendable {
        case returned(Int)
        case threw(Int, any Error)
        case signal(Int32)
        case shutdownRequested
        case graceExpired
    }

    private struct State: Sendable {
        var continuation: AsyncStream<Event>.Continuation?
        var shutdownRequested = false
        var watchdogStopped = false
    }

    private let services: [any Service]
    private let logger: Logger
    private let gracePeriod: Duration
    private let signals: [Int32]
    /// The notifier the group reports through; a service may use it for `STATUS=` lines.
    public let notifier: SystemdNotifier
    private let state = Mutex(State())

    /// - Parameters:
    ///   - services: run concurrently; names in logs are their type names.
    ///   - gracePeriod: how long a shutdown waits for cancelled services.
    ///   - signals: the signals that start a graceful shutdown.
    public init(services: [any Service], logger: Logger, gracePeriod: Duration = .seconds(30),
                signals: [Int32] = [SIGTERM, SIGINT], notifier: SystemdNotifier = SystemdNotifier()) {
        self.services = services
        self.logger = logger
        self.gracePeriod = gracePeriod
        self.signals = signals
        self.notifier = notifier
    }

    /// Tells systemd the program is ready (`READY=1`, plus `STATUS=` when given).
    public func markReady(status: String? = nil) {
        notifier.ready(status: status)
        logger.info("ready", status.map { ["status": .string($0)] } ?? [:])
    }

    /// Starts a graceful shutdown, as SIGTERM would. Safe from any thread, before or during `run`.
    public func triggerShutdown() {
        state.withLock { state in
            state.shutdownRequested = true
            state.continuation?.yield(.shutdownRequested)
        }
    }

    /// Runs the services until shutdown; see the type's documentation for what it returns and throws.
    public func run() async throws {
        let (events, continuation) = AsyncStream.makeStream(of: Event.self)
        state.withLock { state in
            state.continuation = continuation
            if state.shutdownRequested { continuation.yield(.shutdownRequested) }
        }
        let subscription = SignalRouter.shared.subscribe(to: signals) { continuation.yield(.signal($0)) }
        defer {
            SignalRouter.shared.unsubscribe(subscription)
            state.withLock { $0.continuation = nil }
            continuation.finish()
        }
        let tasks = services.enumerated().map { index, service in
            Task {
                do {
                    try await service.run()
                    continuation.yield(.returned(index))
                } catch {
                    continuation.yield(.threw(index, error))
                }
            }
        }
        let watchdog = Task { await self.pingWatchdogUntilShutdown() }
        logger.debug("services started", ["services": .string(names(of: services.indices))])

        // An AsyncStream ends its iteration when the iterating task is cancelled, so the
        // supervision runs in a task of its own, which cancellation of `run` never reaches.
        let supervisor = Task { await self.supervise(events: events, tasks: tasks, continuation: continuation) }
        let outcome = await withTaskCancellationHandler {
            await supervisor.value
        } onCancel: {
            continuation.yield(.shutdownRequested)
        }
        watchdog.cancel()

        if !outcome.stillRunning.isEmpty {
            let names = names(of: outcome.stillRunning.sorted())
            logger.error("services did not stop within the grace period", ["services": .string(names)])
            throw CoreError("lifecycle.shutdown_timeout",
                            "\(names) did not stop within \(gracePeriod) of the shutdown request; "
                            + "the process should exit now. Look in the log for what they were doing.")
        }
        if let failure = outcome.failure { throw failure }
        logger.info("all services stopped")
    }

    private struct Outcome {
        var failure: (any Error)?
        var stillRunning: Set<Int> = []
    }

    private func supervise(events: AsyncStream<Event>, tasks: [Task<Void, Never>],
                           continuation: AsyncStream<Event>.Continuation) async -> Outcome {
        var running = Set(tasks.indices)
        var outcome = Outcome()
        var graceTimer: Task<Void, Never>?
        defer { graceTimer?.cancel() }

        func beginShutdown(_ reason: String, _ fields: KeyValuePairs<String, LogValue>) {
            guard graceTimer == nil else { return }
            logger.notice("shutting down: " + reason, fields)
            state.withLock { $0.watchdogStopped = true }
            notifier.stopping()
            for task in tasks { task.cancel() }
            let grace = gracePeriod
            graceTimer = Task {
                try? await Task.sleep(for: grace)
                if !Task.isCancelled { continuation.yield(.graceExpired) }
            }
        }

        if running.isEmpty { return outcome }
        for await event in events {
            switch event {
            case .returned(let index):
                running.remove(index)
                beginShutdown("a service returned", ["service": .string(name(of: index))])
            case .threw(let index, let error):
                running.remove(index)
                if graceTimer == nil {
                    outcome.failure = error
                    logger.error("service failed", ["service": .string(name(of: index)), "error": .error(error)])
                    beginShutdown("a service failed", ["service": .string(name(of: index))])
                } else if !(error is CancellationError) {
                    logger.warning("service failed while stopping",
                                   ["service": .string(name(of: index)), "error": .error(error)])
                }
            case .signal(let number):
                beginShutdown("received signal", ["signal": .string(Self.signalName(number))])
            case .shutdownRequested:
                beginShutdown("requested", [:])
            case .graceExpired:
                outcome.stillRunning = running
                return outcome
            }
            if running.isEmpty { break }
        }
        return outcome
    }

    /// Pings under the lock that a shutdown takes before `STOPPING=1`, so no ping can follow it.
    private func pingWatchdogUntilShutdown() async {
        guard let timeout = notifier.watchdogTimeout else { return }
        while !Task.isCancelled {
            let pinged = state.withLock { state in
                guard !state.watchdogStopped else { return false }
                notifier.watchdog()
                return true
            }
            guard pinged else { return }
            try? await Task.sleep(for: timeout / 2)
        }
    }

    private func name(of index: Int) -> String {
        String(describing: type(of: services[index]))
    }

    private func names(of indices: some Sequence<Int>) -> String {
        indices.map(name(of:)).joined(separator: ", ")
    }

    private static func signalName(_ number: Int32) -> String {
        switch number {
        case SIGTERM: return "SIGTERM"
        case SIGINT: return "SIGINT"
        case SIGHUP: return "SIGHUP"
        case SIGQUIT: return "SIGQUIT"
        default: return "signal \(number)"
        }
    }
}
