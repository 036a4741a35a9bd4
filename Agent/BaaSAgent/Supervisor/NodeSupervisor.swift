import BaaSCore
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Keeps the node processes of this host running: starts them, restarts them after a crash with
/// backoff and a restart-loop limit, stops them gracefully (SIGTERM, then SIGKILL after a grace
/// period), rotates their logs, and persists what it runs so that a restarted agent re-attaches to
/// running nodes without restarting them.
///
/// Stopping the supervisor (cancelling `run`) leaves the nodes running: they must survive an agent
/// restart or upgrade. Only `apply` with a smaller set stops nodes.
///
/// - Note: Thread-safe. `apply` and `stop` block while a node shuts down (at most the grace period
///   plus a few seconds); call them off latency-sensitive threads.
public final class NodeSupervisor: Service {
    private struct Managed {
        enum Phase {
            case running
            case backoff(until: ContinuousClock.Instant)
            case failed(String)
            case stopping
        }

        var spec: NodeProcessSpec
        var handle: ProcessLauncher.Handle?
        /// Whether this process spawned it (so exits are reaped with waitpid) or re-attached to it.
        var isChild: Bool
        var phase: Phase
        var crashes: [ContinuousClock.Instant] = []
        var restarts = 0
        var lastExit: String?
    }

    private let stateFile: SupervisorStateFile
    private let policy: RestartPolicy
    private let interval: Duration
    private let proc: ProcFileSystem
    private let logger: Logger
    private let onEvent: @Sendable (NodeEvent) -> Void
    private let nodes = Mutex<[String: Managed]>([:])

    /// - Parameters:
    ///   - stateDirectory: where `nodes.json` lives (`/var/lib/baas/agent` in production).
    ///   - interval: how often `run` checks the processes.
    ///   - onEvent: called for every node event, outside the supervisor's lock.
    public init(stateDirectory: String, policy: RestartPolicy = RestartPolicy(), interval: Duration = .milliseconds(250),
                proc: ProcFileSystem = ProcFileSystem(), logger: Logger = Logger(label: "agent.supervisor"),
                onEvent: @escaping @Sendable (NodeEvent) -> Void = { _ in }) {
        self.stateFile = SupervisorStateFile(directory: stateDirectory)
        self.policy = policy
        self.interval = interval
        self.proc = proc
        self.logger = logger
        self.onEvent = onEvent
    }

    /// Loads the persisted node list: re-attaches to every node still running (same pid and start
    /// time) and starts the ones that died while the agent was away. Call once, before `run`.
    /// - Returns: the ids re-attached without a restart.
    @discardableResult
    public func recover() throws -> [String] {
        let entries = try stateFile.load()
        var events: [NodeEvent] = []
        var reattached: [String] = []
        nodes.withLock { nodes in
            for entry in entries {
                if let handle = entry.handle, ProcessLauncher.isAlive(handle, proc: proc) {
                    nodes[entry.spec.id] = Managed(spec: entry.spec, handle: handle, isChild: false, phase: .running)
                    reattached.append(entry.spec.id)
                    events.append(.reattached(id: entry.spec.id, pid: handle.pid))
                } else if entry.failed {
                    nodes[entry.spec.id] = Managed(spec: entry.spec, handle: nil, isChild: false,
                                                   phase: .failed("failed before the agent restarted"))
                } else {
                    nodes[entry.spec.id] = Managed(spec: entry.spec, handle: nil, isChild: false, phase: .backoff(until: .now))
                }
            }
        }
        emit(events)
        tick()
        return reattached.sorted()
    }

    /// Converges on `specs`: starts new nodes, restarts changed ones, stops removed ones.
    /// - Throws: `AgentError` when a node cannot be started or the state cannot be saved; the other
    ///   nodes are still converged.
    public func apply(_ specs: [NodeProcessSpec]) throws {
        let wanted = Dictionary(specs.map { ($0.id, $0) }, uniquingKeysWith: { _, last in last })
        let toStop = nodes.withLock { nodes in
            nodes.values.filter { wanted[$0.spec.id] != $0.spec }.map { managed -> (String, ProcessLauncher.Handle?, Bool) in
                nodes[managed.spec.id]?.phase = .stopping
                return (managed.spec.id, managed.handle, managed.isChild)
            }
        }
        for (id, handle, isChild) in toStop {
            if let handle { terminate(handle, isChild: isChild) }
            nodes.withLock { _ = $0.removeValue(forKey: id) }
            emit([.stopped(id: id)])
        }
        var firstError: (any Error)?
        for spec in specs where nodes.withLock({ $0[spec.id] == nil }) {
            do {
                try makeDirectory(spec.workingDirectory)
                let handle = try ProcessLauncher.spawn(spec, proc: proc)
                nodes.withLock { $0[spec.id] = Managed(spec: spec, handle: handle, isChild: true, phase: .running) }
                emit([.started(id: spec.id, pid: handle.pid)])
            } catch {
                firstError = firstError ?? error
                nodes.withLock { $0[spec.id] = Managed(spec: spec, handle: nil, isChild: true, phase: .failed("\(error)")) }
                emit([.failed(id: spec.id, reason: "\(error)")])
            }
        }
        try persist()
        if let firstError { throw firstError }
    }

    /// The state of every node, sorted by id.
    public func status() -> [NodeStatus] {
        nodes.withLock { nodes in
            nodes.values.map { managed in
                let state: NodeStatus.State
                switch managed.phase {
                case .running, .stopping: state = .running
                case .backoff: state = .backoff
                case .failed: state = .failed
                }
                return NodeStatus(id: managed.spec.id, state: state, pid: state == .running ? managed.handle?.pid : nil,
                                  restarts: managed.restarts, lastExit: managed.lastExit)
            }.sorted { $0.id < $1.id }
        }
    }

    /// Checks every process once: notices exits, restarts after backoff, rotates logs.
    /// `run` calls it every `interval`; tests may call it directly.
    public func tick() {
        let now = ContinuousClock.now
        var events: [NodeEvent] = []
        var changed = false
        nodes.withLock { nodes in
            for id in nodes.keys.sorted() {
                guard var managed = nodes[id] else { continue }
                switch managed.phase {
                case .running:
                    guard let handle = managed.handle else { break }
                    let exit: ProcessLauncher.Exit?
                    if managed.isChild {
                        exit = ProcessLauncher.reap(handle.pid)
                    } else {
                        exit = ProcessLauncher.isAlive(handle, proc: proc) ? nil : .unknown
                    }
                    if let exit {
                        events.append(.exited(id: id, how: exit.description))
                        managed.lastExit = exit.description
                        managed.handle = nil
                        changed = true
                        scheduleRestart(&managed, now: now, events: &events)
                    } else {
                        LogRotator.rotateIfNeeded(managed.spec.logFile, maxBytes: policy.maxLogBytes, kept: policy.keptLogs)
                    }
                case .backoff(let until) where until <= now:
                    do {
                        let handle = try ProcessLauncher.spawn(managed.spec, proc: proc)
                        managed.handle = handle
                        managed.isChild = true
                        managed.phase = .running
                        managed.restarts += 1
                        events.append(.started(id: id, pid: handle.pid))
                    } catch {
                        managed.lastExit = "\(error)"
                        scheduleRestart(&managed, now: now, events: &events)
                    }
                    changed = true
                default:
                    break
                }
                nodes[id] = managed
            }
        }
        emit(events)
        if changed {
            do { try persist() } catch { logger.error("cannot save the node list", ["error": .string("\(error)")]) }
        }
    }

    /// Runs `tick` every `interval` until cancelled. The nodes keep running afterwards.
    public func run() async throws {
        while !Task.isCancelled {
            tick()
            try? await Task.sleep(for: interval)
        }
    }

    private func scheduleRestart(_ managed: inout Managed, now: ContinuousClock.Instant, events: inout [NodeEvent]) {
        managed.crashes = managed.crashes.filter { now - $0 < policy.window } + [now]
        if managed.crashes.count > policy.maxRestarts {
            let reason = "crashed \(managed.crashes.count) times within \(policy.window) (last: \(managed.lastExit ?? "unknown")); see \(managed.spec.logFile)"
            managed.phase = .failed(reason)
            events.append(.failed(id: managed.spec.id, reason: reason))
        } else {
            let delay = policy.backoff(attempt: managed.crashes.count)
            managed.phase = .backoff(until: now + delay)
            events.append(.restarting(id: managed.spec.id, after: delay))
        }
    }

    /// SIGTERM, wait up to the grace period, then SIGKILL and wait again.
    private func terminate(_ handle: ProcessLauncher.Handle, isChild: Bool) {
        func gone() -> Bool {
            isChild ? ProcessLauncher.reap(handle.pid) != nil || !ProcessLauncher.isAlive(handle, proc: proc)
                    : !ProcessLauncher.isAlive(handle, proc: proc)
        }
        func wait(_ limit: Duration) -> Bool {
            let deadline = ContinuousClock.now + limit
            while ContinuousClock.now < deadline {
                if gone() { return true }
                usleep(10_000)
            }
            return gone()
        }
        ProcessLauncher.signal(handle, SIGTERM, proc: proc)
        if wait(policy.stopGrace) { return }
        logger.warning("node ignored SIGTERM; killing it", ["pid": .integer(Int64(handle.pid))])
        ProcessLauncher.signal(handle, SIGKILL, proc: proc)
        _ = wait(.seconds(5))
    }

    private func persist() throws {
        let entries = nodes.withLock { nodes in
            nodes.values.sorted { $0.spec.id < $1.spec.id }.map { managed -> SupervisorStateFile.Entry in
                var failed = false
                if case .failed = managed.phase { failed = true }
                return SupervisorStateFile.Entry(spec: managed.spec, handle: managed.handle, failed: failed)
            }
        }
        try stateFile.save(entries)
    }

    private func emit(_ events: [NodeEvent]) {
        for event in events { onEvent(event) }
    }

    private func makeDirectory(_ path: String) throws {
        var prefix = ""
        for component in path.split(separator: "/") {
            prefix += "/" + component
            if mkdir(prefix, 0o750) != 0 && errno != EEXIST {
                throw AgentError("agent.workdir_failed", "cannot create \(prefix): \(String(cString: strerror(errno)))")
            }
        }
    }
}
