import BaaSCore
import Foundation

/// What one run of a controller command has: its parsed arguments, the resolved settings, a
/// client, and where to print. Built by `CommandContext.run`, which also renders any failure.
struct CommandContext: Sendable {
    let arguments: ParsedArguments
    let settings: CLISettings
    let environment: [String: String]
    let configPath: String?

    /// The shape of a command's arguments.
    struct Shape: Sendable {
        var flags: Set<String> = []
        var switches: Set<String> = []
        var positionals: ClosedRange<Int> = 0...0
    }

    /// Parses and resolves, runs `body`, and turns a thrown error into a stderr line and exit code.
    static func run(_ raw: [String], _ shape: Shape, _ body: @Sendable (CommandContext) async throws -> Void) async -> ExitCode {
        do {
            let arguments = try ParsedArguments(raw, flags: shape.flags.union(["totp"]), switches: shape.switches,
                                                positionals: shape.positionals)
            let environment = ProcessInfo.processInfo.environment
            let configPath = CLIConfigFile.path(environment: environment)
            let file = try configPath.map(CLIConfigFile.load(path:)) ?? CLIConfigFile()
            let settings = try CLISettings.resolve(arguments, environment: environment, file: file,
                                                   standardOutputIsTerminal: isatty(1) == 1)
            try await body(CommandContext(arguments: arguments, settings: settings, environment: environment,
                                          configPath: configPath))
            return .ok
        } catch {
            let (line, code) = OutputRenderer.failure(error)
            printStandardError(line)
            return code
        }
    }

    /// A client for the resolved controller, with the token unless `authenticated` is false;
    /// when `--totp CODE` was given it first proves the second factor (step-up).
    /// - Throws: `CLIError.notConfigured` when the address or token is missing.
    func client(authenticated: Bool = true) async throws -> ControllerClient {
        guard let controller = settings.controller else {
            throw CLIError.notConfigured("No controller address; pass --controller https://HOST:PORT, set BAAS_CONTROLLER, or run 'baasctl login'.")
        }
        var token: String?
        if authenticated {
            guard let stored = settings.token else {
                throw CLIError.notConfigured("Not logged in; run 'baasctl login USERNAME', or pass --token / set BAAS_TOKEN.")
            }
            token = stored
        }
        let client = try ControllerClient(address: controller, token: token, caFile: settings.caFile)
        if authenticated, let code = arguments["totp"] {
            _ = try await client.stepUp(totp: code)
        }
        return client
    }

    /// Prints one object as a record (table) or whole (json).
    func show(_ item: JSONValue, _ columns: [Column]) {
        emit(settings.output == .json ? OutputRenderer.json(item) : OutputRenderer.record(columns, item))
    }

    /// Prints a listing as a table (with the next cursor on stderr) or whole (json).
    func show(_ page: ListPage, _ columns: [Column]) {
        if settings.output == .json {
            emit(OutputRenderer.json(page.raw))
            return
        }
        emit(OutputRenderer.table(columns, page.items))
        if let cursor = page.nextCursor {
            printStandardError("more: rerun with --cursor \(cursor)")
        }
    }

    /// Prints a confirmation for an operation without an answer body.
    func done(_ message: String, json: JSONValue) {
        emit(settings.output == .json ? OutputRenderer.json(json) : message)
    }

    /// Writes straight to descriptor 1, so output is complete even when the process exits next.
    func emit(_ text: String) {
        let bytes = Array((text.hasSuffix("\n") ? text : text + "\n").utf8)
        var offset = 0
        while offset < bytes.count {
            let written = bytes[offset...].withUnsafeBytes { write(1, $0.baseAddress, $0.count) }
            if written <= 0 { break }
            offset += written
        }
    }

    /// Reads a secret from a file (first line) or, on a terminal, from a prompt without echo.
    /// - Throws: `CLIError.usage` when neither is possible, `CLIError.file` for an unreadable file.
    func secret(file flag: String, prompt: String) throws -> String {
        if let path = arguments[flag] {
            guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
                throw CLIError.file("Cannot read \(path) (--\(flag)).")
            }
            let line = text.split(separator: "\n", omittingEmptySubsequences: false).first.map(String.init) ?? ""
            guard !line.isEmpty else { throw CLIError.file("\(path) (--\(flag)) is empty.") }
            return line
        }
        guard isatty(0) == 1, let typed = Terminal.readHidden(prompt: prompt), !typed.isEmpty else {
            throw CLIError.usage("give the password with --\(flag) FILE (or run on a terminal to be asked).")
        }
        return typed
    }
}
