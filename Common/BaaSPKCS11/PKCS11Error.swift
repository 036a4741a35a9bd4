import BaaSCore

/// Every failure talking to a PKCS#11 module, with the return value's name (`CKR_PIN_INCORRECT`)
/// and what to do. Never carries the PIN.
public struct PKCS11Error: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: PKCS11Error, b: PKCS11Error) -> Bool { a.code == b.code }
}
