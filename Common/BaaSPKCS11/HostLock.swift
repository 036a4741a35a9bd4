import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// Serialises PKCS#11 calls across the BaaS processes of one host (the agent and its ledger
/// nodes), with `flock` on the file named by `BAAS_PKCS11_LOCK` (the agent sets
/// `<state>/pkcs11.lock` and passes it to its nodes; default `/tmp/baas-pkcs11.lock`), and across
/// threads of this process.
///
/// SoftHSM2's file store rewrites a token's file on every login (it updates the PIN-count flags)
/// by truncating it first; another process reading it meanwhile (`C_Initialize`, `C_GetTokenInfo`)
/// sees the token unlabelled or without a user PIN, and keeps that view. Hardware modules do not
/// need this, and it costs them little: the calls are short and rare (key generation, one
/// signature per TLS handshake). When the lock file cannot be opened, calls go unserialised
/// across processes.
enum HostLock {
    static let variable = "BAAS_PKCS11_LOCK"
    static let defaultPath = "/tmp/baas-pkcs11.lock"
    /// -2: not opened yet, -1: unavailable, else the lock file's descriptor.
    private static let descriptor = Mutex<Int32>(-2)

    static func run<T: Sendable>(_ body: () throws -> T) throws -> T {
        try descriptor.withLock { fd -> T in
            if fd == -2 {
                let path = getenv(variable).map { String(cString: $0) } ?? defaultPath
                fd = open(path, O_RDONLY | O_CREAT | O_CLOEXEC, 0o666)
                if fd < 0 { fd = -1 }
            }
            let locked = fd >= 0 && flockRetrying(fd, LOCK_EX)
            defer { if locked { _ = flock(fd, LOCK_UN) } }
            return try body()
        }
    }

    private static func flockRetrying(_ fd: Int32, _ operation: Int32) -> Bool {
        while flock(fd, operation) != 0 {
            if errno != EINTR { return false }
        }
        return true
    }
}
