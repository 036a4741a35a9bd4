import Foundation
import BaaSEVM
import BaaSLedger
import BaaSTestSupport

/// Vyper sources of the contracts the ledger tests deploy, compiled by the real `vyper` (PyPI,
/// installed by packaging/dev/install-deps.sh) for Shanghai.
enum ContractSources {
    static let token = ContractTemplates.erc20

    static let notary = ContractTemplates.notary

    static let traceability = ContractTemplates.traceability

    /// The init code `vyper -f bytecode --evm-version shanghai` makes of `source` (cached per source).
    static func compile(_ source: String) throws -> [UInt8] {
        try Vyper.compile(source)
    }

    /// Init code that deploys `runtime` as it is (CODECOPY of the bytes after a 12-byte prefix, RETURN).
    static func deploying(runtime: [UInt8]) -> [UInt8] {
        precondition(runtime.count < 256)
        let length = UInt8(runtime.count)
        return [0x60, length, 0x60, 0x0c, 0x60, 0x00, 0x39, 0x60, length, 0x60, 0x00, 0xf3] + runtime
    }
}
