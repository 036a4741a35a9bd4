import Foundation
import BaaSEVM
import BaaSLedger
import Synchronization

/// Vyper sources of the contracts the ledger tests deploy, compiled by the real `vyper` (PyPI,
/// installed by packaging/dev/install-deps.sh) for Shanghai.
enum ContractSources {
    static let token = ContractTemplates.erc20

    static let notary = ContractTemplates.notary

    static let traceability = ContractTemplates.traceability

    struct CompileError: Error, CustomStringConvertible {
        var description: String
    }

    private static let cache = Mutex<[String: [UInt8]]>([:])

    /// The init code `vyper -f bytecode --evm-version shanghai` makes of `source` (cached per source).
    static func compile(_ source: String) throws -> [UInt8] {
        if let code = cache.withLock({ $0[source] }) { return code }
        let scratch = FileManager.default.temporaryDirectory.appendingPathComponent("baas-vyper-\(UUID().uuidString)")
        try FileManager.default.createDirectory(at: scratch, withIntermediateDirectories: true)
        defer { try? FileManager.default.removeItem(at: scratch) }
        let file = scratch.appendingPathComponent("Contract.vy")
        try source.write(to: file, atomically: true, encoding: .utf8)
        let output = scratch.appendingPathComponent("bytecode")
        _ = FileManager.default.createFile(atPath: output.path, contents: nil)
        let handle = try FileHandle(forWritingTo: output)
        defer { try? handle.close() }
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        // The interpreter install-deps.sh installs vyper into (`python3 -m pip`).
        process.arguments = ["python3", "-m", "vyper", "-f", "bytecode", "--evm-version", "shanghai", file.path]
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let code = Hex.decode(text), !code.isEmpty else {
            throw CompileError(description: "vyper exited with \(process.terminationStatus); is it installed (make deps)?")
        }
        cache.withLock { $0[source] = code }
        return code
    }

    /// Init code that deploys `runtime` as it is (CODECOPY of the bytes after a 12-byte prefix, RETURN).
    static func deploying(runtime: [UInt8]) -> [UInt8] {
        precondition(runtime.count < 256)
        let length = UInt8(runtime.count)
        return [0x60, length, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, length, 0x60, 0x00, 0xf3] + runtime
    }
}
