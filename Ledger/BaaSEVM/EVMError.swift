/// The one error type of this module: a stable code and a message saying what is wrong and what to
/// do. Errors compare by code only.
///
/// It mirrors `BaaSCore.OperatorError` without depending on it, so that this module stays pure
/// Swift with no dependencies; wrappers in other modules can adopt it as is.
public struct EVMError: Error, Equatable, Sendable, CustomStringConvertible {
    /// A stable identifier such as `evm.abi_malformed_data`.
    public var code: String
    /// One or two sentences for a person.
    public var message: String

    /// An error with a stable `code` and a message for a person.
    public init(code: String, message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: EVMError, b: EVMError) -> Bool { a.code == b.code }

    public var description: String { "\(message) [\(code)]" }

    /// An ABI type name that cannot be parsed.
    public static func abiType(_ text: String) -> EVMError {
        EVMError(code: "evm.abi_bad_type", message: "'\(text)' is not an ABI type; use e.g. uint256, address, bytes32, string, uint256[] or (address,bool)")
    }

    /// A value that does not fit its ABI type.
    public static func abiValue(_ detail: String) -> EVMError {
        EVMError(code: "evm.abi_bad_value", message: "cannot ABI-encode: \(detail)")
    }

    /// Return or call data that does not decode as the expected types.
    public static func abiData(_ detail: String) -> EVMError {
        EVMError(code: "evm.abi_malformed_data", message: "cannot ABI-decode: \(detail); check the types against the contract")
    }

    /// A vector directory that cannot be listed.
    public static func unreadableDirectory(_ path: String) -> EVMError {
        EVMError(code: "evm.unreadable_directory", message: "cannot read the directory \(path); check the path and its permissions")
    }
}
