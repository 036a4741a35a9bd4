/// What a `deploy` or `call` transaction left in its receipt besides status and reason.
///
/// Failure reasons (`Receipt.reason`) of contract transactions: `contract.reverted` (the code ran
/// `REVERT`; `output` holds the revert data, `detail` its decoded message), `contract.out_of_gas`,
/// `contract.invalid_opcode`, `contract.stack_underflow`, `contract.stack_overflow`,
/// `contract.bad_jump`, `contract.code_too_large` (deployed code over EIP-170's 24,576 bytes),
/// `contract.init_code_too_large` (over EIP-3860's 49,152 bytes), `contract.gas_limit_too_high`
/// (above the chain's `maxTransactionGas`), `contract.insufficient_funds` (cannot pay the
/// value), `contract.balance_overflow` (a balance would exceed the native asset's 64 bits) and
/// `contract.block_gas_exhausted` (the gas limit exceeds what the block's `maxBlockGas` has left),
/// `contract.failed` (any other EVM failure; see `detail`). A failed transaction changes nothing
/// but its sender's nonce.
public struct ContractOutcome: Sendable, Hashable {
    /// Gas the transaction used (intrinsic gas included, after the refund). No fee is charged:
    /// gas only bounds the work a transaction may cause.
    public var gasUsed: UInt64
    /// The new contract's address after a successful `deploy`.
    public var contractAddress: Address?
    /// Return data of a successful call, or the revert data of a reverted one.
    public var output: [UInt8]
    /// Logs of a successful transaction, in emission order.
    public var logs: [ContractLog]
    /// Empty on success; the decoded revert message or the EVM failure, for people.
    public var detail: String

    /// The longest `detail` kept (revert messages are cut there).
    static let maxDetailBytes = 1024

    /// An outcome; `detail` is cut to `maxDetailBytes` of UTF-8 at a character boundary.
    public init(gasUsed: UInt64, contractAddress: Address? = nil, output: [UInt8] = [], logs: [ContractLog] = [],
                detail: String = "") {
        self.gasUsed = gasUsed
        self.contractAddress = contractAddress
        self.output = output
        self.logs = logs
        self.detail = Self.truncated(detail)
    }

    /// `text` cut at a character boundary to at most `maxDetailBytes` of UTF-8.
    private static func truncated(_ text: String) -> String {
        guard text.utf8.count > maxDetailBytes else { return text }
        var kept = String.UnicodeScalarView()
        var bytes = 0
        for scalar in text.unicodeScalars {
            bytes += UTF8.width(scalar)
            if bytes > maxDetailBytes { break }
            kept.append(scalar)
        }
        return String(kept)
    }

    func encode(to w: inout BinaryWriter) {
        w.varint(gasUsed)
        w.byteString(contractAddress?.bytes ?? [])
        w.byteString(output)
        w.varint(UInt64(logs.count))
        for log in logs {
            w.fixed(log.address.bytes)
            w.varint(UInt64(log.topics.count))
            log.topics.forEach { w.fixed($0) }
            w.byteString(log.data)
        }
        w.string(detail)
    }

    init(from r: inout BinaryReader) throws {
        gasUsed = try r.varint()
        let address = try r.byteString(limit: 20)
        guard address.isEmpty || address.count == 20 else { throw LedgerError.malformed("contract address") }
        contractAddress = address.isEmpty ? nil : Address(bytes: address)
        output = try r.byteString(limit: TransactionPayload.maxContractDataBytes * 16)
        logs = []
        for _ in 0..<(try r.length(limit: 1 << 20, minimumSize: 22)) {
            let address = Address(bytes: try r.fixed(20))!
            var topics: [[UInt8]] = []
            for _ in 0..<(try r.length(limit: 4, minimumSize: 32)) { topics.append(try r.fixed(32)) }
            logs.append(ContractLog(address: address, topics: topics, data: try r.byteString()))
        }
        detail = try r.string(limit: Self.maxDetailBytes)
    }
}
