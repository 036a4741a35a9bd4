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
