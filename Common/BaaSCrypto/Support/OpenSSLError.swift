internal import COpenSSL

/// Turns OpenSSL return codes and its (thread-local) error queue into `CryptoError`s.
///
/// Every call into OpenSSL that can fail goes through one of these, so a failure always carries
/// OpenSSL's own text and leaves the queue empty for the next call on this thread.
enum OpenSSL {
    /// Drains the calling thread's OpenSSL error queue into one line of text.
    static func drainErrors() -> String {
        var lines: [String] = []
        while true {
            let code = ERR_get_error()
            if code == 0 { break }
            var buffer = [CChar](repeating: 0, count: 256)
            ERR_error_string_n(code, &buffer, buffer.count)
            lines.append(String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self))
        }
        return lines.joined(separator: "; ")
    }

    /// Builds the error for a failed call: what we tried, then OpenSSL's reasons if it gave any.
    static func error(_ code: String, _ what: String) -> CryptoError {
        let reasons = drainErrors()
        return CryptoError(code, reasons.isEmpty ? what : "\(what): \(reasons)")
    }

    /// Throws unless `result` is 1 (OpenSSL's success), e.g. `try OpenSSL.check(EVP_DigestInit_ex(...), "...")`.
    static func check(_ result: Int32, _ what: @autoclosure () -> String, code: String = "crypto.openssl") throws {
        if result != 1 { throw error(code, what()) }
    }

    /// Throws unless `result` is positive (for calls that return a length or count).
    @discardableResult
    static func checkPositive(_ result: Int32, _ what: @autoclosure () -> String, code: String = "crypto.openssl") throws -> Int32 {
        if result <= 0 { throw error(code, what()) }
        return result
    }

    /// Throws unless the pointer is non-nil.
    static func check<P>(_ pointer: P?, _ what: @autoclosure () -> String, code: String = "crypto.openssl") throws -> P {
        guard let pointer else { throw error(code, what()) }
        return pointer
    }

    /// Discards stale errors before an operation whose failure we report ourselves.
    static func clearErrors() {
        ERR_clear_error()
    }
}
