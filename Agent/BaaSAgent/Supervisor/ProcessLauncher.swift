internal import CLinux
#if canImport(Glibc)
import Glibc
#endif

/// Starts, signals and watches node processes with the raw system calls the supervisor needs:
/// a new session per node (so a terminal's Ctrl-C or the agent's own death does not reach it),
/// default signal dispositions restored (the agent ignores SIGTERM for its graceful shutdown, and
/// ignored signals would otherwise survive exec), stdin from /dev/null, output appended to a log file.
enum ProcessLauncher {
    /// A running process identified by pid and kernel start time, so a reused pid is never mistaken
    /// for the node.
    struct Handle: Codable, Equatable, Sendable {
        var pid: Int32
        var startTicks: Int
    }

    enum Exit: Equatable, Sendable, CustomStringConvertible {
        case code(Int32)
        case signal(Int32)
        case unknown

        var description: String {
            switch self {
            case .code(let code): return "exit code \(code)"
            case .signal(let signal): return "signal \(signal)"
            case .unknown: return "exit (status unknown: the process was not a child of this agent)"
            }
        }
    }

    static func spawn(_ spec: NodeProcessSpec, proc: ProcFileSystem) throws -> Handle {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        posix_spawn_file_actions_addchdir_np(&actions, spec.workingDirectory)
        posix_spawn_file_actions_addopen(&actions, 0, "/dev/null", O_RDONLY, 0)
        posix_spawn_file_actions_addopen(&actions, 1, spec.logFile, O_WRONLY | O_CREAT | O_APPEND, 0o640)
        posix_spawn_file_actions_adddup2(&actions, 1, 2)

        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var defaults = sigset_t()
        sigemptyset(&defaults)
        for signal in [SIGTERM, SIGINT, SIGHUP, SIGQUIT, SIGPIPE, SIGCHLD, SIGUSR1, SIGUSR2] {
            sigaddset(&defaults, signal)
        }
        posix_spawnattr_setsigdefault(&attributes, &defaults)
        var unblocked = sigset_t()
        sigemptyset(&unblocked)
        posix_spawnattr_setsigmask(&attributes, &unblocked)
        posix_spawnattr_setflags(&attributes, baas_posix_spawn_setsid() | Int16(POSIX_SPAWN_SETSIGDEF | POSIX_SPAWN_SETSIGMASK))

        let argv = ([spec.executable] + spec.arguments).map { strdup($0) } + [nil]
        let envp = spec.environment.sorted { $0.key < $1.key }.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer {
            argv.forEach { free($0) }
            envp.forEach { free($0) }
        }
        var pid: pid_t = 0
        let result = posix_spawn(&pid, spec.executable, &actions, &attributes, argv, envp)
        guard result == 0 else {
            throw AgentError("agent.spawn_failed",
                             "cannot start node \(spec.id) (\(spec.executable)): \(String(cString: strerror(result))); check that the engine is installed and its working directory \(spec.workingDirectory) exists")
        }
        // The kernel start time makes the handle immune to pid reuse.
        let startTicks = (try? ProcessCollector.parse(stat: proc.read("\(pid)/stat")).startTicks) ?? 0
        return Handle(pid: pid, startTicks: startTicks)
    }

    /// Whether the process of `handle` still runs (and is not a zombie).
    static func isAlive(_ handle: Handle, proc: ProcFileSystem) -> Bool {
        guard let stat = try? ProcessCollector.parse(stat: proc.read("\(handle.pid)/stat")) else { return false }
        return stat.startTicks == handle.startTicks && stat.state != "Z"
    }

    /// Reaps `pid` if it is a child of this process that has exited; nil while it runs or when it
    /// is not our child.
    static func reap(_ pid: Int32) -> Exit? {
        var status: Int32 = 0
        let result = waitpid(pid, &status, WNOHANG)
        guard result == pid else { return nil }
        let signal = status & 0x7f
        return signal == 0 ? .code((status >> 8) & 0xff) : .signal(signal)
    }

    static func signal(_ handle: Handle, _ number: Int32, proc: ProcFileSystem) {
        if isAlive(handle, proc: proc) { kill(handle.pid, number) }
    }
}
