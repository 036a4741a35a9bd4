#if canImport(Glibc)
import Glibc
#endif

extension NetError {
    /// A failed system call, with `errno` explained.
    static func system(_ code: String, _ call: String, errno value: Int32 = errno) -> NetError {
        NetError(code, "\(call) failed: \(String(cString: strerror(value)))")
    }
}
