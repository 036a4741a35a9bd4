/// A contract function by signature, e.g. `ABIFunction("balanceOf(address)", returns: "(uint256)")`.
public struct ABIFunction: Equatable, Sendable {
    public let name: String
    public let inputs: [ABIType]
    public let outputs: [ABIType]

    /// Parses `name(type,…)`; `returns` is an optional type list such as `(uint256,bool)`.
    /// - Throws: `EVMError` `evm.abi_bad_type`.
    public init(_ signature: String, returns: String = "()") throws {
        let compact = signature.filter { !$0.isWhitespace }
        guard let open = compact.firstIndex(of: "("), compact.last == ")",
              !compact[..<open].isEmpty else { throw EVMError.abiType(signature) }
        self.name = String(compact[..<open])
        self.inputs = try ABIType.parseList(String(compact[open...]))
        self.outputs = try ABIType.parseList(returns.filter { !$0.isWhitespace })
    }

    /// `name(canonical types)`, what the selector hashes.
    public var signature: String { name + ABIType.tuple(inputs).description }

    /// The first four bytes of Keccak-256 of the canonical signature.
    public var selector: [UInt8] { ABI.selector(signature) }

    /// Selector followed by the encoded arguments.
    public func encodeCall(_ arguments: [ABIValue]) throws -> [UInt8] {
        selector + (try ABI.encode(arguments, as: inputs))
    }

    /// Decodes call data (selector included) back into arguments.
    public func decodeCall(_ data: [UInt8]) throws -> [ABIValue] {
        guard data.count >= 4, Array(data.prefix(4)) == selector else {
            throw EVMError.abiData("call data does not start with the selector of \(signature)")
        }
        return try ABI.decode(Array(data.dropFirst(4)), as: inputs)
    }

    /// Decodes return data as `outputs`.
    public func decodeOutput(_ data: [UInt8]) throws -> [ABIValue] {
        try ABI.decode(data, as: outputs)
    }
}
