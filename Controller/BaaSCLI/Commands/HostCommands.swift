import BaaSCore

/// `baasctl host join-token|list|get|revoke`.
enum HostCommands {
    static let columns = [Column("id", "id"), Column("name", "name"), Column("tenant", "tenant_id"),
                          Column("status", "status"), Column("labels", "labels"), Column("last seen", "last_seen_at"),
                          Column("addresses", "addresses")]

    static let group: (String, CommandLineTool.Node) = (
        "host", .group(summary: "hosts running baas-agent", children: [
            ("join-token", .command(
                summary: "create a one-time token with which a host joins a tenant",
                usage: """
                --tenant ID [--labels k=v,k=v] [--ttl DURATION]

                DURATION is seconds or a number with s, m, h or d (default 1h). Give the token and the
                controller pin to 'baas-agent join' on the new host; the token is printed once.
                """,
                action: { arguments in await joinToken(arguments) })),
            ("list", .command(summary: "list hosts", usage: "[--limit N] [--cursor C] [--output table|json]",
                              action: { arguments in await list(arguments) })),
            ("get", .command(summary: "show a host with its facts", usage: "ID",
                             action: { arguments in await get(arguments) })),
            ("revoke", .command(summary: "revoke a host's certificate and remove it", usage: "ID [--totp CODE]",
                                action: { arguments in await revoke(arguments) })),
        ]))

    /// The parsed request of `host join-token`; pure, so parsing is tested without a controller.
    struct JoinTokenRequest: Equatable {
        var tenantID: String
        var labels: [String: String]
        var ttlSeconds: Int

        init(_ arguments: ParsedArguments) throws {
            tenantID = try arguments.required("tenant")
            labels = try arguments["labels"].map(ParsedArguments.keyValues) ?? [:]
            ttlSeconds = try ParsedArguments.seconds(arguments["ttl"] ?? "1h")
        }
    }

    static let joinTokenShape = CommandContext.Shape(flags: ["tenant", "labels", "ttl"])

    static func joinToken(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, joinTokenShape) { context in
            let request = try JoinTokenRequest(context.arguments)
            let answer = try await context.client().createJoinToken(tenantID: request.tenantID, labels: request.labels,
                                                                    ttlSeconds: request.ttlSeconds)
            context.show(answer, [Column("id", "id"), Column("token", "token"), Column("expires", "expires_at"),
                                  Column("controller pin", "controller_pin_sha256")])
        }
    }

    static func list(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(flags: ["limit", "cursor"])) { context in
            context.show(try await context.client().hosts(limit: try context.arguments.limit(),
                                                          cursor: context.arguments["cursor"]), columns)
        }
    }

    static func get(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            context.show(try await context.client().host(id: context.arguments.positionals[0]),
                         columns + [Column("facts", "facts")])
        }
    }

    static func revoke(_ raw: [String]) async -> ExitCode {
        await CommandContext.run(raw, .init(positionals: 1...1)) { context in
            let id = context.arguments.positionals[0]
            try await context.client().revokeHost(id: id)
            context.done("revoked host \(id)", json: .object(["revoked": .string(id)]))
        }
    }
}
