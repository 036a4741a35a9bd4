import Dispatch
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Exit codes shared by every BaaS program: 0 ok, 1 failed, 2 usage.
public enum ExitCode: Int32, Sendable {
    case ok = 0
    case failed = 1
    case usage = 2
}

/// A noun-verb command tree (`baasctl network create`) with `--help` at every level.
///
/// Executables hold no logic: `main.swift` builds one of these from a library and calls `run`.
public struct CommandLineTool: Sendable {
    /// A leaf command: receives the arguments after its own name and returns an exit code.
    public typealias Action = @Sendable (_ arguments: [String]) async -> ExitCode

    public indirect enum Node: Sendable {
        case group(summary: String, children: [(String, Node)])
        case command(summary: String, usage: String, action: Action)

        var summary: String {
            switch self {
            case .group(let summary, _), .command(let summary, _, _): return summary
            }
        }
    }

    public let name: String
    public let root: Node

    public init(name: String, summary: String, commands: [(String, Node)]) {
        self.name = name
        self.root = .group(summary: summary, children: commands)
    }

    /// Resolves `arguments` (without the program name) to a command and runs it.
    /// Unknown commands print usage to stderr and return `.usage`.
    public func run(_ arguments: [String]) async -> ExitCode {
        var node = root
        var path = [name]
        var rest = arguments[...]
        while case .group(_, let children) = node {
            guard let word = rest.first else {
                printStandardError(usage(of: node, path: path))
                return .usage
            }
            if word == "--help" || word == "-h" || word == "help" {
                print(usage(of: node, path: path))
                return .ok
            }
            guard let child = children.first(where: { $0.0 == word }) else {
                printStandardError("\(path.joined(separator: " ")): unknown command '\(word)'\n\n"
                                   + usage(of: node, path: path))
                return .usage
            }
            node = child.1
            path.append(word)
            rest = rest.dropFirst()
        }
        guard case .command(_, let usageText, let action) = node else { return .usage }
        if rest.contains("--help") || rest.contains("-h") {
            print("usage: \(path.joined(separator: " ")) \(usageText)")
            return .ok
        }
        return await action(Array(rest))
    }

    /// Runs the tool from a synchronous `main.swift` and exits with its code: the main thread waits
    /// on a semaphore while the command runs on the concurrency pool.
    ///
    /// A top-level `await` would make `main` async instead, and Swift's async main parks in
    /// `dispatch_main()`, which ends the main thread with `pthread_exit`: a forced unwind through
    /// `.eh_frame` that leaves ~0.7 MB of unwind tables resident in an otherwise idle daemon
    /// (docs/benchmarks.md, "Agent footprint"). The command must not need the main queue or the
    /// main actor (nothing drains them).
    public func runAndExit(_ arguments: [String]) -> Never {
        let code = ExitCodeBox()
        let finished = DispatchSemaphore(value: 0)
        Task.detached {
            let result = await run(arguments)
            code.value.withLock { $0 = result }
            finished.signal()
        }
        finished.wait()
        exit(code.value.withLock { $0.rawValue })
    }

    private final class ExitCodeBox: Sendable {
        let value = Mutex(ExitCode.failed)
    }

    func usage(of node: Node, path: [String]) -> String {
        guard case .group(let summary, let children) = node else { return "" }
        var lines = ["usage: \(path.joined(separator: " ")) <command> [options]", "", summary, "", "commands:"]
        let width = children.map(\.0.count).max() ?? 0
        for (word, child) in children {
            lines.append("  " + word + String(repeating: " ", count: width - word.count + 2) + child.summary)
        }
        lines.append("")
        lines.append("Run '\(path.joined(separator: " ")) <command> --help' for a command's options.")
        return lines.joined(separator: "\n")
    }
}

/// Writes a line to standard error, unbuffered.
public func printStandardError(_ text: String) {
    var line = text
    if !line.hasSuffix("\n") { line += "\n" }
    let bytes = Array(line.utf8)
    var offset = 0
    while offset < bytes.count {
        let written = bytes[offset...].withUnsafeBytes { write(2, $0.baseAddress, $0.count) }
        if written <= 0 { break }
        offset += written
    }
}
