// Umbrella header for OpenSSL 3. Only BaaSCrypto imports this module.
// Function-like macros and variadic functions do not import into Swift; the two headers
// below wrap each one in a `static inline` function, one group per concern.
#ifndef BAAS_COPENSSL_SHIM_H
#define BAAS_COPENSSL_SHIM_H

#include <openssl/bio.h>
#include <openssl/bn.h>
#include <openssl/core_names.h>
#include <openssl/crypto.h>
#include <openssl/ec.h>
#include <openssl/ecdsa.h>
#include <openssl/err.h>
#include <openssl/evp.h>
#include <openssl/hmac.h>
#include <openssl/kdf.h>
#include <openssl/objects.h>
#include <openssl/param_build.h>
#include <openssl/pem.h>
#include <openssl/rand.h>
#include <openssl/ssl.h>
#include <openssl/x509.h>
#include <openssl/x509v3.h>

#include "shim_crypto.h"
#include "shim_tls.h"

#endif
