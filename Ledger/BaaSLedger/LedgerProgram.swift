import BaaSCore
import BaaSCrypto
import FoundationEssentials

/// The command tree of `baas-ledger`; its `main.swift` only runs it.
public enum LedgerProgram {
    public static let tool = CommandLineTool(
        name: "baas-ledger",
        summary: "The built-in permissioned ledger node.",
        commands: [
            BaaSVersion.command(program: "baas-ledger"),
            ("run", .command(summary: "run a node until SIGTERM", usage: "--config FILE", action: { await run($0) })),
            ("testnet", .command(summary: "write CA, certificates, genesis and node configurations of a local test network",
                                 usage: "--dir DIR [--nodes N] [--crypto p256|sm2] [--base-port PORT] [--users N] [--host IP] [--pkcs11-module LIB --token-label T --pin-file F|--pin-credential NAME [--key-label-prefix P]]",
                                 action: { await testnet($0) })),
            ("genesis", .group(summary: "work with genesis files", children: [
                ("check", .command(summary: "validate a genesis file and print what it defines",
                                   usage: "FILE", action: checkGenesis)),
            ])),
        ])

    private static func options(_ arguments: [String], command: String) -> [String: String]? {
        var result: [String: String] = [:]
        var rest = arguments[...]
        while let name = rest.popFirst() {
            guard name.hasPrefix("--"), let value = rest.popFirst() else {
                printStandardError("baas-ledger \(command): expected --option value, got '\(name)'")
                return nil
            }
            result[String(name.dropFirst(2))] = value
        }
        return result
    }

    static func run(_ arguments: [String]) async -> ExitCode {
        guard let options = options(arguments, command: "run"), let path = options["config"] else {
            printStandardError("usage: baas-ledger run --config FILE")
            return .usage
        }
        do {
            let configuration = try NodeConfiguration.load(path: path)
            let level = try configuration.logLevel.map { try LogLevel(parsing: $0) } ?? .info
            LoggingSystem.bootstrap(identifier: "baas-ledger", minimumLevel: level)
            let logger = Logger(label: "ledger")
            let node = try LedgerNode(configuration: configuration, logger: logger)
            try node.start()
            let group = ServiceGroup(services: [node], logger: logger, gracePeriod: .seconds(10))
            group.markReady(status: "node \(configuration.nodeId) serving on \(configuration.apiListen)")
            try await group.run()
            return .ok
        } catch let error as any OperatorError {
            printStandardError("baas-ledger: \(error.message) [\(error.code)]")
            return .failed
        } catch {
            printStandardError("baas-ledger: \(error)")
            return .failed
        }
    }

    static func testnet(_ arguments: [String]) async -> ExitCode {
        guard let options = options(arguments, command: "testnet"), let directory = options["dir"] else {
            printStandardError("usage: baas-ledger testnet --dir DIR [--nodes N] [--crypto p256|sm2] [--base-port PORT] [--users N] [--pkcs11-module LIB --token-label T (--pin-file F | --pin-credential NAME) [--key-label-prefix P]]")
            return .usage
        }
        guard let nodes = Int(options["nodes"] ?? "4"), (1...64).contains(nodes),
              let signature = SignatureAlgorithm(rawValue: options["crypto"] ?? "p256"),
              let basePort = UInt16(options["base-port"] ?? "7001"), basePort > 0,
              let users = Int(options["users"] ?? "4"), users >= 1 else {
            printStandardError("baas-ledger testnet: --nodes 1…64, --crypto p256|sm2, --base-port a port, --users ≥ 1")
            return .usage
        }
        var write = Testnet.Options(nodes: nodes, directory: directory, signature: signature,
                                    host: options["host"] ?? "127.0.0.1", basePort: basePort, users: users)
        if let module = options["pkcs11-module"] {
            guard let token = options["token-label"], options["pin-file"] != nil || options["pin-credential"] != nil else {
                printStandardError("baas-ledger testnet: --pkcs11-module needs --token-label and --pin-file or --pin-credential (never the PIN itself)")
                return .usage
            }
            let pinFile = options["pin-file"].map { $0.hasPrefix("/") ? $0 : FileManager.default.currentDirectoryPath + "/" + $0 }
            write.tokenKeys = .init(module: module, tokenLabel: token, keyLabelPrefix: options["key-label-prefix"] ?? "baas-testnet/",
                                    pinFile: pinFile, pinCredential: options["pin-credential"])
        }
        do {
            let net = try Testnet.write(write)
            for path in net.configPaths { print(path) }
            return .ok
        } catch let error as any OperatorError {
            printStandardError("baas-ledger testnet: \(error.message) [\(error.code)]")
            return .failed
        } catch {
            printStandardError("baas-ledger testnet: \(error)")
            return .failed
        }
    }

    private static func checkGenesis(_ arguments: [String]) async -> ExitCode {
        guard arguments.count == 1 else {
            printStandardError("usage: baas-ledger genesis check FILE")
            return .usage
        }
        do {
            let genesis = try Genesis.load(path: arguments[0])
            let validators = genesis.members.filter { $0.role == .validator }.count
            print("""
                chain id: \(genesis.chainID)
                hash: \(genesis.hashAlgorithm.rawValue), signatures: \(genesis.signatureAlgorithm.rawValue)
                members: \(genesis.members.count) (\(validators) validators), admins: \(genesis.admins.count), allocations: \(genesis.allocations.count)
                genesis hash: \(Hex.encode(genesis.hash))
                """)
            return .ok
        } catch {
            printStandardError("baas-ledger: \(error)")
            return .failed
        }
    }
}
