internal import CPKCS11
#if canImport(Glibc)
import Glibc
#endif

/// A PKCS#11 attribute template whose value buffers stay allocated as long as the template lives
/// (the module reads them during the call).
final class AttributeTemplate {
    private(set) var attributes: [CK_ATTRIBUTE] = []
    private var buffers: [UnsafeMutableRawPointer] = []

    deinit {
        for buffer in buffers { free(buffer) }
    }

    func add(_ type: UInt, bytes: [UInt8]) {
        let buffer = malloc(max(bytes.count, 1))!
        bytes.withUnsafeBytes { buffer.copyMemory(from: $0.baseAddress!, byteCount: bytes.count) }
        buffers.append(buffer)
        attributes.append(CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(type), pValue: buffer, ulValueLen: CK_ULONG(bytes.count)))
    }

    func add(_ type: UInt, bool: Bool) {
        add(type, bytes: [bool ? UInt8(CK_TRUE) : UInt8(CK_FALSE)])
    }

    func add(_ type: UInt, ulong: UInt) {
        add(type, bytes: withUnsafeBytes(of: CK_ULONG(ulong)) { Array($0) })
    }

    func add(_ type: UInt, string: String) {
        add(type, bytes: Array(string.utf8))
    }
}
