// Shims for digests, keys, X.509 and CRLs (owned by BaaSCrypto's crypto/X.509 code).
// Each wraps a function-like macro, a typed stack accessor or a constant that Swift cannot import.
#ifndef BAAS_COPENSSL_SHIM_CRYPTO_H
#define BAAS_COPENSSL_SHIM_CRYPTO_H

#include <openssl/bio.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/evp.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

// BIO_get_mem_data is a macro around BIO_ctrl.
static inline long baas_BIO_get_mem_data(BIO *bio, char **out) {
    return BIO_get_mem_data(bio, out);
}

// OPENSSL_free is a macro that passes __FILE__/__LINE__.
static inline void baas_OPENSSL_free(void *p) {
    OPENSSL_free(p);
}

// The typed STACK_OF(X509) accessors are macros over OPENSSL_sk_*.
static inline STACK_OF(X509) *baas_sk_X509_new_null(void) {
    return sk_X509_new_null();
}

static inline int baas_sk_X509_push(STACK_OF(X509) *sk, X509 *x) {
    return sk_X509_push(sk, x);
}

static inline int baas_sk_X509_num(const STACK_OF(X509) *sk) {
    return sk_X509_num(sk);
}

static inline X509 *baas_sk_X509_value(const STACK_OF(X509) *sk, int i) {
    return sk_X509_value(sk, i);
}

// Frees the stack only: the certificates in it belong to their Swift owners.
static inline void baas_sk_X509_free(STACK_OF(X509) *sk) {
    sk_X509_free(sk);
}

// Frees the stack and releases one reference on each certificate (X509_STORE_CTX_get1_chain).
static inline void baas_sk_X509_pop_free(STACK_OF(X509) *sk) {
    sk_X509_pop_free(sk, X509_free);
}

static inline STACK_OF(X509_CRL) *baas_sk_X509_CRL_new_null(void) {
    return sk_X509_CRL_new_null();
}

static inline int baas_sk_X509_CRL_push(STACK_OF(X509_CRL) *sk, X509_CRL *crl) {
    return sk_X509_CRL_push(sk, crl);
}

static inline void baas_sk_X509_CRL_free(STACK_OF(X509_CRL) *sk) {
    sk_X509_CRL_free(sk);
}

static inline int baas_sk_X509_REVOKED_num(const STACK_OF(X509_REVOKED) *sk) {
    return sk_X509_REVOKED_num(sk);
}

static inline X509_REVOKED *baas_sk_X509_REVOKED_value(const STACK_OF(X509_REVOKED) *sk, int i) {
    return sk_X509_REVOKED_value(sk, i);
}

static inline STACK_OF(X509_EXTENSION) *baas_sk_X509_EXTENSION_new_null(void) {
    return sk_X509_EXTENSION_new_null();
}

static inline int baas_sk_X509_EXTENSION_push(STACK_OF(X509_EXTENSION) *sk, X509_EXTENSION *ext) {
    return sk_X509_EXTENSION_push(sk, ext);
}

static inline void baas_sk_X509_EXTENSION_pop_free(STACK_OF(X509_EXTENSION) *sk) {
    sk_X509_EXTENSION_pop_free(sk, X509_EXTENSION_free);
}

static inline GENERAL_NAMES *baas_sk_GENERAL_NAME_new_null(void) {
    return sk_GENERAL_NAME_new_null();
}

static inline int baas_sk_GENERAL_NAME_push(GENERAL_NAMES *sk, GENERAL_NAME *name) {
    return sk_GENERAL_NAME_push(sk, name);
}

static inline int baas_sk_GENERAL_NAME_num(const GENERAL_NAMES *sk) {
    return sk_GENERAL_NAME_num(sk);
}

static inline GENERAL_NAME *baas_sk_GENERAL_NAME_value(const GENERAL_NAMES *sk, int i) {
    return sk_GENERAL_NAME_value(sk, i);
}

// The GENERAL_NAME union is read field by field in C: Swift sees it as an anonymous union.
static inline int baas_GENERAL_NAME_type(const GENERAL_NAME *name) {
    return name->type;
}

static inline const ASN1_STRING *baas_GENERAL_NAME_string(const GENERAL_NAME *name) {
    switch (name->type) {
    case GEN_DNS: return name->d.dNSName;
    case GEN_URI: return name->d.uniformResourceIdentifier;
    case GEN_EMAIL: return name->d.rfc822Name;
    case GEN_IPADD: return name->d.iPAddress;
    default: return NULL;
    }
}

// GENERAL_NAMES_free is declared through DECLARE_ASN1_FUNCTIONS and imports, but a
// GENERAL_NAMES returned by X509_get_ext_d2i is freed the same way; kept for symmetry.
static inline void baas_GENERAL_NAMES_free(GENERAL_NAMES *names) {
    GENERAL_NAMES_free(names);
}

// The SM2 user identifier every party must agree on (GM/T 0009 default), as a static C string:
// a Swift String would dangle wherever OpenSSL keeps the pointer.
static inline const char *baas_sm2_default_id(void) {
    return "1234567812345678";
}

// OpenSSL 3.0 verifies an SM2 signature on a certificate or request with an empty user id unless
// the object carries one; GM/T 0015 certificates are signed with the default id, so every SM2-signed
// object we load gets it (the object takes ownership of the string).
static inline int baas_X509_set_sm2_id(X509 *x) {
    ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
    if (id == NULL || !ASN1_OCTET_STRING_set(id, (const unsigned char *)baas_sm2_default_id(), 16)) {
        ASN1_OCTET_STRING_free(id);
        return 0;
    }
    X509_set0_distinguishing_id(x, id);
    return 1;
}

static inline int baas_X509_REQ_set_sm2_id(X509_REQ *x) {
    ASN1_OCTET_STRING *id = ASN1_OCTET_STRING_new();
    if (id == NULL || !ASN1_OCTET_STRING_set(id, (const unsigned char *)baas_sm2_default_id(), 16)) {
        ASN1_OCTET_STRING_free(id);
        return 0;
    }
    X509_REQ_set0_distinguishing_id(x, id);
    return 1;
}

// An EC key whose ECDSA signing calls back into Swift (a key held in a PKCS#11 token), so that
// OpenSSL (X.509, TLS) can sign with it. OpenSSL 3.0 only offers this through the deprecated
// EC_KEY_METHOD API; the calls stay here, in a system module, so they do not warn in Swift.
typedef int (*baas_ec_sign_fn)(int type, const unsigned char *digest, int digest_length,
                               unsigned char *signature, unsigned int *signature_length,
                               const BIGNUM *kinv, const BIGNUM *r, EC_KEY *key);

// OpenSSL's default EC method with `sign` replaced; created once by the caller.
static inline EC_KEY_METHOD *baas_external_ec_method_new(baas_ec_sign_fn sign) {
    EC_KEY_METHOD *method = EC_KEY_METHOD_new(EC_KEY_OpenSSL());
    if (method == NULL) return NULL;
    int (*setup)(EC_KEY *, BN_CTX *, BIGNUM **, BIGNUM **) = NULL;
    ECDSA_SIG *(*sign_sig)(const unsigned char *, int, const BIGNUM *, const BIGNUM *, EC_KEY *) = NULL;
    EC_KEY_METHOD_get_sign(method, NULL, &setup, &sign_sig);
    EC_KEY_METHOD_set_sign(method, sign, setup, sign_sig);
    return method;
}

// EC_KEY_get_ex_new_index is a macro; `release` is called for every EC_KEY freed (ptr NULL when unset).
static inline int baas_EC_KEY_new_ex_index(CRYPTO_EX_free *release) {
    return EC_KEY_get_ex_new_index(0, NULL, NULL, NULL, release);
}

static inline void *baas_EC_KEY_get_ex_data(const EC_KEY *key, int index) {
    return EC_KEY_get_ex_data(key, index);
}

static inline int baas_ECDSA_size(const EC_KEY *key) {
    return ECDSA_size(key);
}

// A public-only EVP_PKEY from a DER SubjectPublicKeyInfo whose signing goes to `method`, carrying
// `context` at `index`. Returns NULL on failure, and then the caller still owns `context`.
static inline EVP_PKEY *baas_external_ec_pkey(const unsigned char *spki, long length,
                                              const EC_KEY_METHOD *method, int index, void *context) {
    const unsigned char *cursor = spki;
    EC_KEY *ec = d2i_EC_PUBKEY(NULL, &cursor, length);
    if (ec == NULL) return NULL;
    EVP_PKEY *pkey = EVP_PKEY_new();
    if (pkey == NULL || !EC_KEY_set_method(ec, method) || !EVP_PKEY_assign_EC_KEY(pkey, ec)) {
        EVP_PKEY_free(pkey);
        EC_KEY_free(ec);
        return NULL;
    }
    if (!EC_KEY_set_ex_data(ec, index, context)) {
        EVP_PKEY_free(pkey);
        return NULL;
    }
    return pkey;
}

// ASN1_STRING_length etc. are functions, but the X509_V_FLAG_* and XKU_* values are macros
// that import; EXFLAG_CA is read here to keep the flag arithmetic in C.
static inline int baas_X509_is_ca(X509 *x) {
    return (X509_get_extension_flags(x) & EXFLAG_CA) != 0;
}

static inline int baas_X509_has_key_usage(X509 *x) {
    return (X509_get_extension_flags(x) & EXFLAG_KUSAGE) != 0;
}

static inline int baas_X509_has_extended_key_usage(X509 *x) {
    return (X509_get_extension_flags(x) & EXFLAG_XKUSAGE) != 0;
}

#endif
