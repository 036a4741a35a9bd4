import BaaSCore
import BaaSCrypto

/// The command tree of `baas-ledger`; its `main.swift` only runs it.
public enum LedgerProgram {
    public static let tool = CommandLineTool(
        name: "baas-ledger",
        summary: "The built-in permissioned ledger node.",
        commands: [
            BaaSVersion.command(program: "baas-ledger"),
            ("genesis", .group(summary: "work with genesis files", children: [
                ("check", .command(summary: "validate a genesis file and print what it defines",
                                   usage: "FILE", action: checkGenesis)),
            ])),
        ])

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
