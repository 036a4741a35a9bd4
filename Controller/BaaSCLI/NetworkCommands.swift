import BaaSCore
import Foundation

/// `baasctl network create|list|get|invite|join` and `baasctl job get`: deployments and joins
/// with live per-step progress (bars on a terminal, one line per change otherwise).
enum NetworkCommands {
    static let columns = [Column("id", "id"), Column("name", "name"), Column("tenant", "tenant_id"), Column("status", "status"),
                          Column("crypto", "crypto"), Column("chain", "chain_id")]

    static let group: (String, CommandLineTool.Node) = (
        "network", .group(summary: "ledger networks deployed on hosts", children: [
            ("create", .command(
                summary: "deploy a network and follow its job until the first block commits",
                usage: """
                --name NAME --nodes N [--hosts H1,H2,...|--selector k=v,k=v] [--crypto p256|sm2]
                [--tenant ID] [--block-interval-ms MS] [--no-wait]

                Nodes go round-robin on --hosts (ids or names), or on hosts matching --selector.
                """,
                action: { arguments in await create(arguments) })),
            ("list", .command(summary: "list networks", usage: "[--limit N] [--cursor C] [--output table|json]",
                              action: { arguments in await list(arguments) })),
            ("get", .command(summary: "show a network with its nodes", usage: "ID",
                             action: { arguments in await get(arguments) })),
            ("invite", .command(
                summary: "make a one-time code another tenant joins the network with",
                usage: """
                ID [--expires-in SECONDS]

                The code is shown once; give it to the other tenant (default lifetime one day).
                """,
                action: { arguments in await invite(arguments) })),
            ("join", .command(
                summary: "join another tenant's network with nodes on your own hosts",
                usage: """
                ID --code CODE --hosts H1,H2,... [--role observer|validator] [--no-wait]

                One node per listed host (ids or names, your tenant's hosts). Nodes join as
                observers; --role validator promotes them once they have caught up.
                """,
                action: { arguments in await join(arguments) })),
        ]))

    static let jobGroup: (String, CommandLineTool.Node) = (
        "job", .group(summary: "deployment jobs", children: [
            ("get", .command(summary: "show a job's steps; --watch follows it to the end", usage: "ID [--watch]",
                             action: { arguments in await getJob(arguments) })),
        ]))

    /// The create request's body; pure, so parsing is tested without a controller.
    static func createBody(_ arguments: ParsedArguments) throws -> JSONValue {
        let name = try arguments.required("name")
        guard let count = Int(try arguments.required("nodes")), (1...256).contains(count) else {
            throw CLIError.usage("--nodes must be a number from 1 to 256")
        }
        let hosts = arguments["hosts"].map { $0.split(separator: ",").map(String.init) } ?? []
        let selector = try arguments["selector"].map(ParsedArguments.keyValues) ?? [:]
        let nodes: [JSONValue] = (0..<count).map { index in
            hosts.isEmpty ? .object(["selector": .object(selector.mapValues(JSONValue.string))])
                          : .object(["host": .string(hosts[index % hosts.count])])
        }
        var body: [String: JSONValue] = ["name": .string(name), "nodes": .array(nodes),
                                         "crypto": .string(arguments["crypto"] ?? "p256")]
        if let tenant = arguments["tenant"] { body["tenant_id"] = .string(tenant) }
        if let interval = arguments["block-interval-ms"] {
            guard let value = Double(interval), value >= 1 else { throw CLIError.usage("--block-interval-ms must be a positive number") }
            body["block"] = .object(["interval_ms": .number(value)])
        }
        return .object(body)
    }

    static func create(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["name", "nodes", "hosts", "selector", "crypto", "tenant", "block-interval-ms"],
                                            switches: ["no-wait"])) { context in
            let client = try await context.client()
            let answer = try await client.createNetwork(try createBody(context.arguments))
            if context.arguments.switches.contains("no-wait") {
                context.show(answer["job"], jobColumns)
                return
            }
            printStandardError("network \(answer["network"]["id"].cellText): deploying (job \(answer["job"]["id"].cellText))")
            let job = try await follow(answer["job"]["id"].cellText, client: client, context: context)
            if job["status"].string != "succeeded" {
                throw CLIError("cli.deployment_failed", "deployment \(job["status"].cellText): \(job["error"]["message"].cellText)")
            }
        }
    }

    /// The join request's body; pure, so parsing is tested without a controller.
    static func joinBody(_ arguments: ParsedArguments) throws -> JSONValue {
        let code = try arguments.required("code")
        let hosts = try arguments.required("hosts").split(separator: ",").map(String.init)
        guard !hosts.isEmpty else { throw CLIError.usage("--hosts must name at least one host") }
        let role = arguments["role"] ?? "observer"
        guard role == "observer" || role == "validator" else { throw CLIError.usage("--role must be observer or validator") }
        return .object(["code": .string(code),
                        "nodes": .array(hosts.map { .object(["host": .string($0), "role": .string(role)]) })])
    }

    static func invite(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["expires-in"], positionals: 1...1)) { context in
            var body: [String: JSONValue] = [:]
            if let text = context.arguments["expires-in"] {
                guard let seconds = Double(text), seconds >= 1 else { throw CLIError.usage("--expires-in must be a number of seconds") }
                body["expires_in_seconds"] = .number(seconds)
            }
            let answer = try await context.client().inviteToNetwork(id: context.arguments.positionals[0], body: .object(body))
            context.show(answer, [Column("id", "id"), Column("network", "network_id"), Column("code", "code"),
                                  Column("expires", "expires_at")])
        }
    }

    static func join(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["code", "hosts", "role"], switches: ["no-wait"], positionals: 1...1)) { context in
            let client = try await context.client()
            let answer = try await client.joinNetwork(id: context.arguments.positionals[0], body: try joinBody(context.arguments))
            if context.arguments.switches.contains("no-wait") {
                context.show(answer["job"], jobColumns)
                return
            }
            printStandardError("network \(answer["network"]["id"].cellText): joining (job \(answer["job"]["id"].cellText))")
            let job = try await follow(answer["job"]["id"].cellText, client: client, context: context)
            if job["status"].string != "succeeded" {
                throw CLIError("cli.join_failed", "join \(job["status"].cellText): \(job["error"]["message"].cellText)")
            }
        }
    }

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["limit", "cursor"])) { context in
            context.show(try await context.client().networks(limit: try context.arguments.limit(), cursor: context.arguments["cursor"]),
                         columns)
        }
    }

    static func get(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            let network = try await context.client().network(id: context.arguments.positionals[0])
            context.show(network, columns)
            if context.settings.output != .json {
                context.emit(OutputRenderer.table([Column("node", "number"), Column("role", "role"), Column("host", "host_name"),
                                                   Column("tenant", "tenant_id"), Column("address", "address"),
                                                   Column("p2p", "p2p_port"), Column("api", "api_port"), Column("status", "status")],
                                                  network["nodes"].elements))
            }
        }
    }

    static let jobColumns = [Column("id", "id"), Column("network", "network_id"), Column("kind", "kind"), Column("status", "status")]

    static func getJob(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(switches: ["watch"], positionals: 1...1)) { context in
            let client = try await context.client()
            let id = context.arguments.positionals[0]
            if context.arguments.switches.contains("watch") {
                _ = try await follow(id, client: client, context: context)
            } else {
                let job = try await client.job(id: id)
                if context.settings.output == .json {
                    context.show(job, jobColumns)
                } else {
                    context.emit(JobProgress.render(job, bars: isatty(1) == 1))
                }
            }
        }
    }

    /// Polls the job until it ends, redrawing the steps in place on a terminal and printing a
    /// line per change otherwise. Returns the finished job.
    static func follow(_ id: String, client: ControllerClient, context: CommandContext) async throws -> JSONValue {
        let terminal = isatty(1) == 1 && context.settings.output != .json
        var drawnLines = 0
        var last = ""
        while true {
            let job = try await client.job(id: id)
            let finished = job["status"].string != "running"
            if context.settings.output == .json {
                if finished {
                    context.show(job, jobColumns)
                    return job
                }
            } else {
                let text = JobProgress.render(job, bars: terminal)
                if terminal {
                    let up = drawnLines > 0 ? "\u{1B}[\(drawnLines)F\u{1B}[J" : ""
                    context.emit(up + text)
                    drawnLines = text.split(separator: "\n", omittingEmptySubsequences: false).count
                } else if text != last {
                    context.emit(text)
                }
                last = text
                if finished { return job }
            }
            try await Task.sleep(for: .milliseconds(200))
        }
    }
}
