// Shims for TLS contexts and connections (owned by the TLS code in BaaSCrypto).
#ifndef BAAS_COPENSSL_SHIM_TLS_H
#define BAAS_COPENSSL_SHIM_TLS_H

#include <openssl/ssl.h>

// SSL_CTX_set_min_proto_version is a macro around SSL_CTX_ctrl.
static inline int baas_SSL_CTX_set_min_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_min_proto_version(ctx, version);
}

static inline int baas_SSL_CTX_set_max_proto_version(SSL_CTX *ctx, int version) {
    return (int)SSL_CTX_set_max_proto_version(ctx, version);
}

// SSL_CTX_set_mode is a macro; RELEASE_BUFFERS keeps idle connections small.
static inline long baas_SSL_CTX_set_mode(SSL_CTX *ctx, long mode) {
    return SSL_CTX_set_mode(ctx, mode);
}

static const long baas_SSL_MODE_RELEASE_BUFFERS = SSL_MODE_RELEASE_BUFFERS;
static const long baas_SSL_MODE_ENABLE_PARTIAL_WRITE = SSL_MODE_ENABLE_PARTIAL_WRITE;
static const long baas_SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER = SSL_MODE_ACCEPT_MOVING_WRITE_BUFFER;

// SSL_set_tlsext_host_name is a macro around SSL_ctrl.
static inline int baas_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline int baas_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}

#endif
