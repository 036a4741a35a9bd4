import Foundation
import Synchronization

/// Compiles Vyper sources with the real compiler (`python3 -m vyper`, installed by
/// packaging/dev/install-deps.sh into the interpreter that runs `pip`), for the tests that deploy
/// contracts. Results are cached per source for the whole test process.
public enum Vyper {
    public struct CompileError: Error, CustomStringConvertible {
        public var description: String
    }

    private static let cache = Mutex<[String: [UInt8]]>([:])

    /// The init code `vyper -f bytecode --evm-version shanghai` makes of `source`.
    public static func compile(_ source: String) throws -> [UInt8] {
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
        process.arguments = ["python3", "-m", "vyper", "-f", "bytecode", "--evm-version", "shanghai", file.path]
        process.standardOutput = handle
        try process.run()
        process.waitUntilExit()
        let text = try String(contentsOf: output, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)
        guard process.terminationStatus == 0, let code = decodeHex(text), !code.isEmpty else {
            throw CompileError(description: "vyper exited with \(process.terminationStatus); is it installed (make deps)?")
        }
        cache.withLock { $0[source] = code }
        return code
    }

    private static func decodeHex(_ text: String) -> [UInt8]? {
        let digits = Array((text.hasPrefix("0x") ? String(text.dropFirst(2)) : text).utf8)
        guard digits.count % 2 == 0 else { return nil }
        var bytes: [UInt8] = []
        bytes.reserveCapacity(digits.count / 2)
        var index = 0
        while index < digits.count {
            guard let byte = UInt8(String(decoding: digits[index..<index + 2], as: UTF8.self), radix: 16) else { return nil }
            bytes.append(byte)
            index += 2
        }
        return bytes
    }
}
