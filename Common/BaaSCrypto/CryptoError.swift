import BaaSCore

/// Every failure of BaaSCrypto: a code and a message naming what is wrong.
public struct CryptoError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: CryptoError, b: CryptoError) -> Bool { a.code == b.code }
}
