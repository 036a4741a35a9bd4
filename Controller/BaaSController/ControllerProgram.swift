import BaaSCore
import Foundation

/// The command tree of `baas-controller`; its `main.swift` only runs it.
public enum ControllerProgram {
    public static let tool = CommandLineTool(
        name: "baas-controller",
        summary: "The BaaS controller: REST API, web console and agent gateway.",
        commands: [
            BaaSVersion.command(program: "baas-controller"),
            ("serve", .command(summary: "serve the REST API until SIGTERM or SIGINT",
                               usage: "[--config FILE] [--database PATH] [--listen HOST:PORT] [--tls-certificate PEM --tls-private-key PEM] [--plain-http] [--self-sign-up] [--gateway-listen HOST:PORT] [--host-certificate-lifetime-seconds N] [--admin-username NAME] [--admin-password-file FILE]",
                               action: serve)),
            ("audit-verify", .command(summary: "check the audit log's hash chain in a database file",
                                      usage: "--database PATH", action: auditVerify)),
        ])

    /// Reads `--config FILE` (if given), then lets the other flags override it.
    static func configuration(_ arguments: [String]) throws -> ControllerConfiguration {
        var configuration = ControllerConfiguration()
        if let index = arguments.firstIndex(of: "--config") {
            guard index + 1 < arguments.count else {
                throw ControllerError.invalid("usage", "The flag --config needs a file.")
            }
            configuration = try ControllerConfiguration.load(path: arguments[index + 1])
        }
        try configuration.apply(flags: arguments)
        return configuration
    }

    @Sendable static func serve(_ arguments: [String]) async -> ExitCode {
        do {
            let configuration = try configuration(arguments)
            let logger = Logger(label: "baas-controller")
            let server = try ControllerServer(configuration: configuration, logger: logger)
            let group = ServiceGroup(services: [server], logger: logger)
            let announce = Task {
                while server.port == 0 && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                while server.gatewayPort == 0 && !Task.isCancelled { try? await Task.sleep(for: .milliseconds(20)) }
                // Unbuffered: a supervisor or test reading a pipe must see these lines while serving.
                var announcement = "api: \(server.url)\n"
                announcement += "gateway: \(server.gatewayAddress)\n"
                announcement += "platform-ca-sha256: \(server.platformCA.pinSHA256)\n"
                if let password = server.generatedAdminPassword {
                    announcement += "login: \(configuration.adminUsername) \(password)\n"
                }
                FileHandle.standardOutput.write(Data(announcement.utf8))
                group.markReady(status: "serving \(server.url)")
            }
            defer { announce.cancel() }
            try await group.run()
            return .ok
        } catch let error as ControllerError where error.code == "controller.usage" {
            printStandardError("baas-controller serve: \(error.message)")
            return .usage
        } catch {
            printStandardError("baas-controller serve: \(error)")
            return .failed
        }
    }

    @Sendable static func auditVerify(_ arguments: [String]) async -> ExitCode {
        guard arguments.count == 2, arguments[0] == "--database" else {
            printStandardError("usage: baas-controller audit-verify --database PATH")
            return .usage
        }
        guard FileManager.default.fileExists(atPath: arguments[1]) else {
            printStandardError("baas-controller audit-verify: no database at \(arguments[1])")
            return .failed
        }
        do {
            let store = try SQLiteControllerStore(path: arguments[1])
            let domain = try ControllerDomain(store: store, crypto: OpenSSLCryptography(), clock: SystemWallClock())
            let report = try domain.audit.verify()
            if report.valid {
                print("audit log intact: \(report.entriesChecked) entries")
                return .ok
            }
            print("audit log BROKEN at entry \(report.firstBrokenSequence ?? 0): \(report.reason ?? "")")
            return .failed
        } catch {
            printStandardError("baas-controller audit-verify: \(error)")
            return .failed
        }
    }
}
