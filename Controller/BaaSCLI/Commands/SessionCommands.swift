import BaaSCore
import BaaSNet
import Foundation

/// `baasctl login`, `logout`, `whoami`.
enum SessionCommands {
    static let userColumns = [Column("username", "username"), Column("id", "id"), Column("role", "role"),
                              Column("tenant", "tenant_id"), Column("name", "display_name"), Column("email", "email"),
                              Column("totp", "totp_enabled")]

    static let commands: [(String, CommandLineTool.Node)] = [
        ("login", .command(
            summary: "log in and store the session token in the config file",
            usage: """
            USERNAME [--password-file FILE] [--totp CODE] [--controller URL] [--ca-file PEM]

            Asks for the password without echo on a terminal, or reads the first line of --password-file.
            Stores the controller address, CA file and session token in $XDG_CONFIG_HOME/baas/config.json
            (or ~/.config/baas/config.json), mode 0600.
            """,
            action: { arguments in await login(arguments) })),
        ("logout", .command(
            summary: "end the session and forget its token",
            usage: "[--controller URL] [--token T]",
            action: { arguments in await logout(arguments) })),
        ("whoami", .command(
            summary: "show the logged-in user",
            usage: "[--output table|json] [--controller URL] [--token T] [--ca-file PEM]",
            action: { arguments in await whoami(arguments) })),
    ]

    static func login(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["username", "password-file"], positionals: 0...1)) { context in
            guard let username = context.arguments.positional(0) ?? context.arguments["username"] else {
                throw CLIError.usage("give the USERNAME to log in as.")
            }
            guard let path = context.configPath else {
                throw CLIError.notConfigured("Neither XDG_CONFIG_HOME nor HOME is set, so there is nowhere to keep the session; set one of them.")
            }
            let client = try await context.client(authenticated: false)
            let password = try context.secret(file: "password-file", prompt: "password for \(username): ")
            let answer = try await client.login(username: username, password: password,
                                                totp: context.arguments["totp"])
            guard let token = answer["token"].string else {
                throw CLIError.badResponse("The controller's login answer has no token.")
            }
            var file = try CLIConfigFile.load(path: path)
            file.controller = client.address
            file.token = token
            // Absolute, so later commands find the CA from any working directory.
            file.caFile = context.settings.caFile.map { URL(fileURLWithPath: $0).standardizedFileURL.path }
            try file.save(path: path)
            let summary: JSONValue = .object(["user": answer["user"], "expires_at": answer["expires_at"],
                                              "session_id": answer["session_id"]])
            context.done("logged in as \(answer["user"]["username"].cellText) (\(answer["user"]["role"].cellText)) until \(answer["expires_at"].cellText)",
                         json: summary)
        }
    }

    static func logout(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init()) { context in
            let client = try await context.client()
            do {
                try await client.logout()
            } catch let error as HTTPError where error.status == 401 {
                // The session already ended (expired or revoked); forgetting the token is all that is left.
            }
            if let path = context.configPath {
                var file = try CLIConfigFile.load(path: path)
                if file.token != nil {
                    file.token = nil
                    try file.save(path: path)
                }
            }
            context.done("logged out", json: .object(["logged_out": .bool(true)]))
        }
    }

    static func whoami(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init()) { context in
            context.show(try await context.client().me(), userColumns)
        }
    }
}
