internal import CPKCS11

/// Names and advice for the PKCS#11 return values an operator is likely to meet.
enum ReturnValue {
    static func name(_ rv: CK_RV) -> String {
        switch rv {
        case CK_RV(CKR_OK): return "CKR_OK"
        case CK_RV(CKR_ARGUMENTS_BAD): return "CKR_ARGUMENTS_BAD"
        case CK_RV(CKR_CRYPTOKI_ALREADY_INITIALIZED): return "CKR_CRYPTOKI_ALREADY_INITIALIZED"
        case CK_RV(CKR_DEVICE_ERROR): return "CKR_DEVICE_ERROR"
        case CK_RV(CKR_GENERAL_ERROR): return "CKR_GENERAL_ERROR"
        case CK_RV(CKR_KEY_HANDLE_INVALID): return "CKR_KEY_HANDLE_INVALID"
        case CK_RV(CKR_MECHANISM_INVALID): return "CKR_MECHANISM_INVALID"
        case CK_RV(CKR_PIN_INCORRECT): return "CKR_PIN_INCORRECT"
        case CK_RV(CKR_PIN_LOCKED): return "CKR_PIN_LOCKED"
        case CK_RV(CKR_SESSION_HANDLE_INVALID): return "CKR_SESSION_HANDLE_INVALID"
        case CK_RV(CKR_TOKEN_NOT_PRESENT): return "CKR_TOKEN_NOT_PRESENT"
        case CK_RV(CKR_USER_ALREADY_LOGGED_IN): return "CKR_USER_ALREADY_LOGGED_IN"
        case CK_RV(CKR_USER_NOT_LOGGED_IN): return "CKR_USER_NOT_LOGGED_IN"
        case CK_RV(CKR_USER_PIN_NOT_INITIALIZED): return "CKR_USER_PIN_NOT_INITIALIZED"
        case CK_RV(CKR_DEVICE_MEMORY): return "CKR_DEVICE_MEMORY"
        case CK_RV(CKR_TEMPLATE_INCONSISTENT): return "CKR_TEMPLATE_INCONSISTENT"
        case CK_RV(CKR_ATTRIBUTE_SENSITIVE): return "CKR_ATTRIBUTE_SENSITIVE"
        default: return "CKR 0x" + String(rv, radix: 16)
        }
    }

    /// Throws a `PKCS11Error` unless `rv` is CKR_OK.
    static func check(_ rv: CK_RV, _ operation: String) throws {
        guard rv != CK_RV(CKR_OK) else { return }
        var advice = ""
        switch rv {
        case CK_RV(CKR_PIN_INCORRECT): advice = "; the PIN was refused: check the PIN file or credential"
        case CK_RV(CKR_PIN_LOCKED): advice = "; the token's user PIN is locked: reset it with the security officer PIN"
        case CK_RV(CKR_TOKEN_NOT_PRESENT): advice = "; the token is not present: check the module and token label"
        case CK_RV(CKR_USER_PIN_NOT_INITIALIZED): advice = "; the token has no user PIN yet: set one (softhsm2-util --init-token … --pin, or the HSM vendor's tool)"
        default: break
        }
        throw PKCS11Error("pkcs11.\(name(rv).lowercased())", "\(operation) failed: \(name(rv))\(advice)")
    }
}
