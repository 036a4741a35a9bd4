internal import COpenSSL

extension DistinguishedName {
    /// A new `X509_NAME*` holding this name; the caller frees it with `X509_NAME_free`.
    ///
    /// - Throws: `crypto.invalid_name` when an attribute is rejected (e.g. a country that is not two letters).
    func makeX509Name() throws -> OpaquePointer {
        let name = try OpenSSL.check(X509_NAME_new(), "cannot allocate a name")
        for (attribute, value) in attributes {
            let ok = value.withCString { bytes in
                bytes.withMemoryRebound(to: UInt8.self, capacity: value.utf8.count) {
                    X509_NAME_add_entry_by_txt(name, attribute, MBSTRING_UTF8, $0, -1, -1, 0)
                }
            }
            if ok != 1 {
                X509_NAME_free(name)
                throw OpenSSL.error("crypto.invalid_name", "the name attribute \(attribute)=\(value) is not acceptable")
            }
        }
        return name
    }

    /// Reads the attributes this type knows from an `X509_NAME*` (borrowed); others are skipped.
    init(x509Name name: OpaquePointer) {
        self.init()
        for index in 0..<X509_NAME_entry_count(name) {
            guard let entry = X509_NAME_get_entry(name, index),
                  let data = X509_NAME_ENTRY_get_data(entry) else { continue }
            var utf8: UnsafeMutablePointer<UInt8>?
            let length = ASN1_STRING_to_UTF8(&utf8, data)
            guard length >= 0, let utf8 else { continue }
            let value = String(decoding: UnsafeBufferPointer(start: utf8, count: Int(length)), as: UTF8.self)
            baas_OPENSSL_free(utf8)
            switch OBJ_obj2nid(X509_NAME_ENTRY_get_object(entry)) {
            case NID_commonName: commonName = commonName ?? value
            case NID_organizationName: organization = organization ?? value
            case NID_organizationalUnitName: organizationalUnit = organizationalUnit ?? value
            case NID_countryName: country = country ?? value
            case NID_stateOrProvinceName: stateOrProvince = stateOrProvince ?? value
            case NID_localityName: locality = locality ?? value
            default: continue
            }
        }
    }
}
