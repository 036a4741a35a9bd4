import BaaSEVM

extension TransactionBuilder {
    /// The gas limit contract transactions carry unless told otherwise.
    public static let defaultGasLimit: UInt64 = 3_000_000

    /// The encoded, signed deployment of `bytecode` (init code, e.g. `vyper -f bytecode` output)
    /// with `args` ABI-encoded after it as the constructor's arguments. The argument types are
    /// taken from the values (`.uint` as `uint256`, `.int` as `int256`, arrays by their first
    /// element); pass `constructor` (e.g. `"(string,uint8)"`) when that is not what the contract takes.
    /// The contract's address is `Address.forDeployment(sender: address, nonce: nonce)`.
    ///
    /// - Throws: `EVMError` when the arguments do not fit the types; what the signer throws.
    public func deploy(bytecode: [UInt8], args: [ABIValue] = [], constructor: String? = nil, value: UInt64 = 0,
                       gasLimit: UInt64 = defaultGasLimit, nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        var types = args.map(Self.inferredType)
        if let constructor {
            guard case .tuple(let members) = try ABIType(constructor.filter { !$0.isWhitespace }) else {
                throw EVMError.abiType(constructor)
            }
            types = members
        }
        let code = bytecode + (args.isEmpty && types.isEmpty ? [] : try ABI.encode(args, as: types))
        return try sign(.deploy(code: code, value: value, gasLimit: gasLimit), nonce: nonce, sender: form).encoded()
    }

    /// The encoded, signed call of `function` (a signature such as `"transfer(address,uint256)"`)
    /// on `contract` with `args`, ABI-encoded according to the signature.
    ///
    /// - Throws: `EVMError` for a bad signature or arguments that do not fit it; what the signer throws.
    public func call(contract: Address, function: String, _ args: ABIValue..., value: UInt64 = 0,
                     gasLimit: UInt64 = defaultGasLimit, nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        try call(contract: contract, function: function, arguments: args, value: value, gasLimit: gasLimit,
                 nonce: nonce, sender: form)
    }

    /// `call(contract:function:_:…)` with the arguments as an array.
    public func call(contract: Address, function: String, arguments: [ABIValue], value: UInt64 = 0,
                     gasLimit: UInt64 = defaultGasLimit, nonce: UInt64, sender form: SenderForm = .certificate) throws -> [UInt8] {
        let input = try ABIFunction(function).encodeCall(arguments)
        return try sign(.call(contract: contract, input: input, value: value, gasLimit: gasLimit), nonce: nonce,
                        sender: form).encoded()
    }

    private static func inferredType(_ value: ABIValue) -> ABIType {
        switch value {
        case .uint: .uint(256)
        case .int: .int(256)
        case .address: .address
        case .bool: .bool
        case .fixedBytes(let bytes): .fixedBytes(bytes.count)
        case .bytes: .bytes
        case .string: .string
        case .array(let elements): .array(elements.first.map(inferredType) ?? .uint(256))
        case .tuple(let members): .tuple(members.map(inferredType))
        }
    }
}
