internal import CPKCS11
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A loaded PKCS#11 module (`libsofthsm2.so`, a vendor HSM's library), initialised once per process.
///
/// `load(path:)` returns the same instance for the same path: PKCS#11 allows one `C_Initialize`
/// per process, so modules are shared and never unloaded.
/// - Note: Thread-safe: the module is initialised with `CKF_OS_LOCKING_OK`.
public final class PKCS11Module: Sendable {
    public let path: String
    nonisolated(unsafe) let functions: UnsafeMutablePointer<CK_FUNCTION_LIST>

    private static let loaded = Mutex<[String: PKCS11Module]>([:])

    /// Loads and initialises the module at `path`.
    /// - Throws: `PKCS11Error` `pkcs11.load_failed` when the library cannot be opened or is not a
    ///   PKCS#11 module, or the module's own error from `C_Initialize`.
    public static func load(path: String) throws -> PKCS11Module {
        try loaded.withLock { modules in
            if let module = modules[path] { return module }
            let module = try PKCS11Module(path: path)
            modules[path] = module
            return module
        }
    }

    private init(path: String) throws {
        self.path = path
        guard let handle = dlopen(path, RTLD_NOW | RTLD_LOCAL) else {
            let reason = dlerror().map { String(cString: $0) } ?? "unknown error"
            throw PKCS11Error("pkcs11.load_failed", "cannot load PKCS#11 module \(path): \(reason); install it (softhsm2 provides /usr/lib/softhsm/libsofthsm2.so) or fix the path")
        }
        guard let symbol = dlsym(handle, "C_GetFunctionList") else {
            throw PKCS11Error("pkcs11.load_failed", "\(path) is not a PKCS#11 module (no C_GetFunctionList)")
        }
        typealias GetFunctionList = @convention(c) (UnsafeMutablePointer<UnsafeMutablePointer<CK_FUNCTION_LIST>?>?) -> CK_RV
        let getFunctionList = unsafeBitCast(symbol, to: GetFunctionList.self)
        var list: UnsafeMutablePointer<CK_FUNCTION_LIST>?
        try ReturnValue.check(getFunctionList(&list), "C_GetFunctionList of \(path)")
        guard let list else {
            throw PKCS11Error("pkcs11.load_failed", "\(path) returned no function list")
        }
        functions = list
        var arguments = CK_C_INITIALIZE_ARGS()
        arguments.flags = CK_FLAGS(CKF_OS_LOCKING_OK)
        let rv = try HostLock.run { list.pointee.C_Initialize(&arguments) }
        if rv != CK_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED) {
            try ReturnValue.check(rv, "C_Initialize of \(path)")
        }
    }

    /// Makes this process and the processes it starts serialise their PKCS#11 calls on the lock
    /// file `path` (the environment variable `BAAS_PKCS11_LOCK`), unless the environment already
    /// names one. Call before the first module is loaded; returns the lock file in force.
    @discardableResult
    public static func shareHostLock(path: String) -> String {
        if let set = getenv(HostLock.variable) { return String(cString: set) }
        setenv(HostLock.variable, path, 1)
        return path
    }

    /// The labels of the tokens present, in slot order.
    public func tokenLabels() throws -> [String] {
        try HostLock.run { try slots().map(\.label) }
    }

    /// The present tokens' slots and labels; callers hold `HostLock`.
    func slots() throws -> [(id: CK_SLOT_ID, label: String)] {
        var count: CK_ULONG = 0
        try ReturnValue.check(functions.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), nil, &count), "C_GetSlotList")
        var ids = [CK_SLOT_ID](repeating: 0, count: Int(count))
        try ReturnValue.check(functions.pointee.C_GetSlotList(CK_BBOOL(CK_TRUE), &ids, &count), "C_GetSlotList")
        return try ids.prefix(Int(count)).map { id in
            var info = CK_TOKEN_INFO()
            try ReturnValue.check(functions.pointee.C_GetTokenInfo(id, &info), "C_GetTokenInfo")
            let label = withUnsafeBytes(of: info.label) { String(decoding: $0, as: UTF8.self) }
            return (id, String(label.reversed().drop(while: { $0 == " " || $0 == "\0" }).reversed()))
        }
    }
}
