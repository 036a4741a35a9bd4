import BaaSCrypto
internal import CPKCS11
import Synchronization
#if canImport(Glibc)
import Glibc
#endif

/// A logged-in session on one token of a PKCS#11 module, chosen by its label (slot numbers change
/// when tokens are initialised, labels do not).
///
/// Keys made here never leave the token: they are generated sensitive and non-extractable, and
/// every signature goes through `C_Sign`.
/// - Note: Thread-safe: PKCS#11 sessions allow one operation at a time, so calls are serialised.
public final class PKCS11Token: Sendable {
    public let module: PKCS11Module
    public let label: String
    let session: Mutex<CK_SESSION_HANDLE>

    /// Opens a read-write session on the token labelled `label` and logs in as its user.
    /// - Throws: `PKCS11Error` `pkcs11.token_not_found` listing the labels present, a PIN error, or
    ///   the module's error.
    public init(module: PKCS11Module, label: String, pin: PINSource) throws {
        self.module = module
        self.label = label
        var secret = try pin.read()
        defer { for index in secret.indices { secret[index] = 0 } }
        let f = module.functions.pointee
        let handle = try HostLock.run { () throws -> CK_SESSION_HANDLE in
            let slots = try module.slots()
            guard let slot = slots.first(where: { $0.label == label }) else {
                let present = slots.map { "'\($0.label)'" }.joined(separator: ", ")
                throw PKCS11Error("pkcs11.token_not_found",
                                  "no token labelled '\(label)' in \(module.path) (present: \(present.isEmpty ? "none" : present)); initialise one or fix the label")
            }
            var handle: CK_SESSION_HANDLE = 0
            try ReturnValue.check(f.C_OpenSession(slot.id, CK_FLAGS(CKF_SERIAL_SESSION | CKF_RW_SESSION), nil, nil, &handle),
                                  "C_OpenSession on token '\(label)'")
            let rv = f.C_Login(handle, CK_USER_TYPE(CKU_USER), &secret, CK_ULONG(secret.count))
            if rv != CK_RV(CKR_USER_ALREADY_LOGGED_IN) {
                do {
                    try ReturnValue.check(rv, "login to token '\(label)'")
                } catch {
                    _ = f.C_CloseSession(handle)
                    throw error
                }
            }
            return handle
        }
        session = Mutex(handle)
    }

    deinit {
        let handle = session.withLock { $0 }
        _ = try? HostLock.run { module.functions.pointee.C_CloseSession(handle) }
    }

    /// Runs `body` on the session, one call at a time in this process and across the host's
    /// BaaS processes (`HostLock`).
    func withSession<T: Sendable>(_ body: (CK_SESSION_HANDLE) throws -> T) throws -> T {
        try session.withLock { session in
            try HostLock.run { try body(session) }
        }
    }

    /// Generates a P-256 key pair on the token under `label`, private half non-extractable.
    /// - Throws: `PKCS11Error` `pkcs11.key_exists` when a key with that label is already there.
    public func generateKey(label keyLabel: String) throws -> PKCS11Signer {
        if try findObject(class: CKO_PRIVATE_KEY, label: keyLabel) != nil {
            throw PKCS11Error("pkcs11.key_exists", "token '\(label)' already holds a key labelled '\(keyLabel)'")
        }
        let id = SecureRandom.bytes(count: 16)
        let publicTemplate = AttributeTemplate()
        publicTemplate.add(CKA_TOKEN, bool: true)
        publicTemplate.add(CKA_VERIFY, bool: true)
        publicTemplate.add(CKA_EC_PARAMS, bytes: Self.prime256v1OID)
        publicTemplate.add(CKA_LABEL, string: keyLabel)
        publicTemplate.add(CKA_ID, bytes: id)
        let privateTemplate = AttributeTemplate()
        privateTemplate.add(CKA_TOKEN, bool: true)
        privateTemplate.add(CKA_PRIVATE, bool: true)
        privateTemplate.add(CKA_SENSITIVE, bool: true)
        privateTemplate.add(CKA_EXTRACTABLE, bool: false)
        privateTemplate.add(CKA_SIGN, bool: true)
        privateTemplate.add(CKA_LABEL, string: keyLabel)
        privateTemplate.add(CKA_ID, bytes: id)
        var mechanism = CK_MECHANISM(mechanism: CK_MECHANISM_TYPE(CKM_EC_KEY_PAIR_GEN), pParameter: nil, ulParameterLen: 0)
        var publicHandle: CK_OBJECT_HANDLE = 0, privateHandle: CK_OBJECT_HANDLE = 0
        var publicAttributes = publicTemplate.attributes, privateAttributes = privateTemplate.attributes
        try withSession { session in
            try ReturnValue.check(module.functions.pointee.C_GenerateKeyPair(
                session, &mechanism, &publicAttributes, CK_ULONG(publicAttributes.count),
                &privateAttributes, CK_ULONG(privateAttributes.count), &publicHandle, &privateHandle),
                "generating a P-256 key on token '\(label)'")
        }
        return try PKCS11Signer(token: self, privateKey: privateHandle, publicKey: readPublicKey(publicHandle))
    }

    /// The signer of the existing key labelled `keyLabel`.
    /// - Throws: `PKCS11Error` `pkcs11.key_not_found`.
    public func signer(label keyLabel: String) throws -> PKCS11Signer {
        guard let privateHandle = try findObject(class: CKO_PRIVATE_KEY, label: keyLabel),
              let publicHandle = try findObject(class: CKO_PUBLIC_KEY, label: keyLabel) else {
            throw PKCS11Error("pkcs11.key_not_found", "token '\(label)' holds no key pair labelled '\(keyLabel)'")
        }
        return try PKCS11Signer(token: self, privateKey: privateHandle, publicKey: readPublicKey(publicHandle))
    }

    /// The signer of the key labelled `keyLabel`, generating it first when the token has none.
    public func signerGeneratingIfNeeded(label keyLabel: String) throws -> PKCS11Signer {
        do {
            return try signer(label: keyLabel)
        } catch let error as PKCS11Error where error.code == "pkcs11.key_not_found" {
            return try generateKey(label: keyLabel)
        }
    }

    /// One private key on the token, as `privateKeys()` lists it.
    public struct KeyInfo: Sendable, Equatable {
        public let label: String
        /// CKA_EXTRACTABLE: whether the key may leave the token wrapped (keys made here: false).
        public let extractable: Bool
        /// CKA_SENSITIVE: whether its value is hidden from `C_GetAttributeValue` (keys made here: true).
        public let sensitive: Bool
    }

    /// The private keys on the token, whatever made them.
    public func privateKeys() throws -> [KeyInfo] {
        try findObjects(class: CKO_PRIVATE_KEY, label: nil).map { handle in
            KeyInfo(label: String(decoding: try readAttribute(handle, CKA_LABEL), as: UTF8.self),
                    extractable: try readAttribute(handle, CKA_EXTRACTABLE).first == UInt8(CK_TRUE),
                    sensitive: try readAttribute(handle, CKA_SENSITIVE).first == UInt8(CK_TRUE))
        }
    }

    /// Destroys the key pair labelled `keyLabel` (private and public halves); a label with no
    /// key is not an error.
    /// - Returns: how many objects were destroyed (0 when there was no such key).
    @discardableResult
    public func deleteKey(label keyLabel: String) throws -> Int {
        let handles = try findObjects(class: CKO_PRIVATE_KEY, label: keyLabel) + findObjects(class: CKO_PUBLIC_KEY, label: keyLabel)
        let f = module.functions.pointee
        try withSession { session in
            for handle in handles {
                try ReturnValue.check(f.C_DestroyObject(session, handle), "deleting key '\(keyLabel)' on token '\(label)'")
            }
        }
        return handles.count
    }

    /// Whether the private key may leave the token (it must not).
    public func isExtractable(_ signer: PKCS11Signer) throws -> Bool {
        try readAttribute(signer.privateKey, CKA_EXTRACTABLE).first == UInt8(CK_TRUE)
    }

    /// DER of the named curve prime256v1 (1.2.840.10045.3.1.7).
    static let prime256v1OID: [UInt8] = [0x06, 0x08, 0x2a, 0x86, 0x48, 0xce, 0x3d, 0x03, 0x01, 0x07]

    private func findObject(class objectClass: UInt, label keyLabel: String) throws -> CK_OBJECT_HANDLE? {
        try findObjects(class: objectClass, label: keyLabel, limit: 1).first
    }

    /// The objects of `objectClass` (with `keyLabel` when given), at most `limit`.
    private func findObjects(class objectClass: UInt, label keyLabel: String?, limit: Int = .max) throws -> [CK_OBJECT_HANDLE] {
        let template = AttributeTemplate()
        template.add(CKA_CLASS, ulong: objectClass)
        if let keyLabel { template.add(CKA_LABEL, string: keyLabel) }
        var attributes = template.attributes
        let f = module.functions.pointee
        return try withSession { session in
            try ReturnValue.check(f.C_FindObjectsInit(session, &attributes, CK_ULONG(attributes.count)), "C_FindObjectsInit")
            defer { _ = f.C_FindObjectsFinal(session) }
            var result: [CK_OBJECT_HANDLE] = []
            var batch = [CK_OBJECT_HANDLE](repeating: 0, count: 32)
            while result.count < limit {
                var found: CK_ULONG = 0
                try ReturnValue.check(f.C_FindObjects(session, &batch, CK_ULONG(min(batch.count, limit - result.count)), &found),
                                      "C_FindObjects")
                if found == 0 { break }
                result += batch.prefix(Int(found))
            }
            return result
        }
    }

    func readAttribute(_ object: CK_OBJECT_HANDLE, _ type: UInt) throws -> [UInt8] {
        let f = module.functions.pointee
        return try withSession { session in
            var attribute = CK_ATTRIBUTE(type: CK_ATTRIBUTE_TYPE(type), pValue: nil, ulValueLen: 0)
            try ReturnValue.check(f.C_GetAttributeValue(session, object, &attribute, 1), "C_GetAttributeValue")
            var value = [UInt8](repeating: 0, count: Int(attribute.ulValueLen))
            try value.withUnsafeMutableBytes { buffer in
                attribute.pValue = buffer.baseAddress
                try ReturnValue.check(f.C_GetAttributeValue(session, object, &attribute, 1), "C_GetAttributeValue")
            }
            return value
        }
    }

    /// CKA_EC_POINT is a DER OCTET STRING around the uncompressed point 04‖X‖Y.
    private func readPublicKey(_ handle: CK_OBJECT_HANDLE) throws -> PublicKey {
        var point = try readAttribute(handle, CKA_EC_POINT)
        if point.count == 67, point[0] == 0x04, point[1] == 0x41 { point.removeFirst(2) }
        return try PublicKey(rawPoint: point, algorithm: .p256)
    }
}
