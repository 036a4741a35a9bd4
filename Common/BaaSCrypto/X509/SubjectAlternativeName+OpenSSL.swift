internal import COpenSSL
#if canImport(Glibc)
import Glibc
#endif

extension SubjectAlternativeName {
    /// A new `GENERAL_NAMES*` for `names`; the caller frees it with `GENERAL_NAMES_free`.
    ///
    /// - Throws: `crypto.invalid_name` for an IP address that does not parse or an empty name.
    static func makeGeneralNames(_ names: [SubjectAlternativeName]) throws -> OpaquePointer {
        let stack = try OpenSSL.check(baas_sk_GENERAL_NAME_new_null(), "cannot allocate a name list")
        do {
            for name in names {
                let general = try name.makeGeneralName()
                guard baas_sk_GENERAL_NAME_push(stack, general) > 0 else {
                    GENERAL_NAME_free(general)
                    throw OpenSSL.error("crypto.openssl", "cannot add a subject alternative name")
                }
            }
        } catch {
            GENERAL_NAMES_free(stack)
            throw error
        }
        return stack
    }

    private func makeGeneralName() throws -> UnsafeMutablePointer<GENERAL_NAME> {
        let (type, value): (Int32, UnsafeMutablePointer<ASN1_STRING>)
        switch self {
        case .dns(let text), .uri(let text):
            guard !text.isEmpty, text.utf8.allSatisfy({ $0 > 0x20 && $0 < 0x7f }) else {
                throw CryptoError("crypto.invalid_name", "the subject alternative name '\(self)' is empty or not printable ASCII")
            }
            let string = try OpenSSL.check(ASN1_IA5STRING_new(), "cannot allocate a name")
            guard ASN1_STRING_set(string, text, Int32(text.utf8.count)) == 1 else {
                ASN1_IA5STRING_free(string)
                throw OpenSSL.error("crypto.openssl", "cannot store a subject alternative name")
            }
            if case .dns = self { type = GEN_DNS } else { type = GEN_URI }
            value = string
        case .ip(let text):
            guard let address = a2i_IPADDRESS(text) else {
                OpenSSL.clearErrors()
                throw CryptoError("crypto.invalid_name", "'\(text)' is not an IPv4 or IPv6 address")
            }
            type = GEN_IPADD
            value = address
        }
        guard let general = GENERAL_NAME_new() else {
            ASN1_STRING_free(value)
            throw OpenSSL.error("crypto.openssl", "cannot allocate a name")
        }
        GENERAL_NAME_set0_value(general, type, UnsafeMutableRawPointer(value))
        return general
    }

    /// The DNS, IP and URI names in a `GENERAL_NAMES*` (borrowed); other kinds are skipped.
    static func read(_ names: OpaquePointer) -> [SubjectAlternativeName] {
        var out: [SubjectAlternativeName] = []
        for index in 0..<baas_sk_GENERAL_NAME_num(names) {
            guard let general = baas_sk_GENERAL_NAME_value(names, index),
                  let string = baas_GENERAL_NAME_string(general),
                  let data = ASN1_STRING_get0_data(string) else { continue }
            let bytes = Array(UnsafeBufferPointer(start: data, count: Int(ASN1_STRING_length(string))))
            switch baas_GENERAL_NAME_type(general) {
            case GEN_DNS: out.append(.dns(String(decoding: bytes, as: UTF8.self)))
            case GEN_URI: out.append(.uri(String(decoding: bytes, as: UTF8.self)))
            case GEN_IPADD:
                if let text = ipText(bytes) { out.append(.ip(text)) }
            default: continue
            }
        }
        return out
    }

    private static func ipText(_ bytes: [UInt8]) -> String? {
        let family: Int32
        switch bytes.count {
        case 4: family = AF_INET
        case 16: family = AF_INET6
        default: return nil
        }
        var buffer = [CChar](repeating: 0, count: 64)
        guard inet_ntop(family, bytes, &buffer, socklen_t(buffer.count)) != nil else { return nil }
        return String(decoding: buffer.prefix { $0 != 0 }.map { UInt8(bitPattern: $0) }, as: UTF8.self)
    }
}
