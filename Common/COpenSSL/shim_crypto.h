// Shims for digests, keys, X.509 and CRLs (owned by BaaSCrypto's crypto/X.509 code).
#ifndef BAAS_COPENSSL_SHIM_CRYPTO_H
#define BAAS_COPENSSL_SHIM_CRYPTO_H

#include <openssl/bio.h>
#include <openssl/crypto.h>

// BIO_get_mem_data is a macro around BIO_ctrl.
static inline long baas_BIO_get_mem_data(BIO *bio, char **out) {
    return BIO_get_mem_data(bio, out);
}

// OPENSSL_free is a macro that passes __FILE__/__LINE__.
static inline void baas_OPENSSL_free(void *p) {
    OPENSSL_free(p);
}

#endif
