import BaaSCore

/// Every failure of BaaSNet: sockets, TLS, HTTP, frames.
public struct NetError: OperatorError, Equatable {
    public let code: String
    public let message: String

    public init(_ code: String, _ message: String) {
        self.code = code
        self.message = message
    }

    public static func == (a: NetError, b: NetError) -> Bool { a.code == b.code }
}
