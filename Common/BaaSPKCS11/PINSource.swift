#if canImport(Glibc)
import Glibc
#endif

/// Where a token's user PIN comes from. Never from the command line, where every user of the host
/// could read it in the process list.
public enum PINSource: Sendable, Equatable {
    /// A file readable only by the agent (mode 0600 or stricter); one trailing newline is ignored.
    case file(String)
    /// A systemd credential (`LoadCredential=` / `SetCredentialEncrypted=`): the file `name` in
    /// `$CREDENTIALS_DIRECTORY`.
    case credential(String)

    /// The PIN bytes.
    /// - Throws: `PKCS11Error` `pkcs11.pin_unreadable` naming the file (never its content), or
    ///   `pkcs11.pin_exposed` when the file is readable by group or others.
    func read() throws -> [UInt8] {
        let path: String
        switch self {
        case .file(let file):
            path = file
        case .credential(let name):
            guard let directory = getenv("CREDENTIALS_DIRECTORY") else {
                throw PKCS11Error("pkcs11.pin_unreadable",
                                  "the PIN credential '\(name)' was asked for but CREDENTIALS_DIRECTORY is not set; add LoadCredential=\(name):<path> to the unit")
            }
            path = String(cString: directory) + "/" + name
        }
        var info = stat()
        guard stat(path, &info) == 0 else {
            throw PKCS11Error("pkcs11.pin_unreadable", "cannot read the PIN file \(path): \(String(cString: strerror(errno)))")
        }
        if case .file = self, info.st_mode & 0o077 != 0 {
            throw PKCS11Error("pkcs11.pin_exposed", "the PIN file \(path) is readable by other users; chmod 600 it")
        }
        guard let file = fopen(path, "r") else {
            throw PKCS11Error("pkcs11.pin_unreadable", "cannot read the PIN file \(path): \(String(cString: strerror(errno)))")
        }
        defer { fclose(file) }
        var buffer = [UInt8](repeating: 0, count: 256)
        let count = fread(&buffer, 1, buffer.count, file)
        var pin = Array(buffer[0..<count])
        for index in buffer.indices { buffer[index] = 0 }
        if pin.last == UInt8(ascii: "\n") { pin.removeLast() }
        if pin.last == UInt8(ascii: "\r") { pin.removeLast() }
        guard !pin.isEmpty else {
            throw PKCS11Error("pkcs11.pin_unreadable", "the PIN file \(path) is empty")
        }
        return pin
    }
}
