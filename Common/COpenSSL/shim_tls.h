// Shims for TLS contexts and connections (owned by the TLS code in BaaSCrypto).
#ifndef BAAS_COPENSSL_SHIM_TLS_H
#define BAAS_COPENSSL_SHIM_TLS_H

#include <openssl/ssl.h>
#include <openssl/x509v3.h>
#include <stdio.h>
#include <string.h>

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

// SSL_OP_* are built with SSL_OP_BIT(), which does not import.
static const uint64_t baas_SSL_OP_NO_RENEGOTIATION = SSL_OP_NO_RENEGOTIATION;
static const uint64_t baas_SSL_OP_NO_COMPRESSION = SSL_OP_NO_COMPRESSION;
static const uint64_t baas_SSL_OP_CIPHER_SERVER_PREFERENCE = SSL_OP_CIPHER_SERVER_PREFERENCE;
// HTTP and our frames carry their own lengths, so a TCP close without close_notify is a plain EOF.
static const uint64_t baas_SSL_OP_IGNORE_UNEXPECTED_EOF = SSL_OP_IGNORE_UNEXPECTED_EOF;

// XN_FLAG_RFC2253 combines several macros.
static const unsigned long baas_XN_FLAG_RFC2253 = XN_FLAG_RFC2253;

// SSL_set_tlsext_host_name is a macro around SSL_ctrl.
static inline int baas_SSL_set_tlsext_host_name(SSL *ssl, const char *name) {
    return (int)SSL_set_tlsext_host_name(ssl, name);
}

static inline int baas_SSL_CTX_set1_groups_list(SSL_CTX *ctx, const char *list) {
    return (int)SSL_CTX_set1_groups_list(ctx, list);
}

// SSL_CTX_add1_chain_cert is a macro around SSL_CTX_ctrl; it takes its own reference.
static inline int baas_SSL_CTX_add1_chain_cert(SSL_CTX *ctx, X509 *cert) {
    return (int)SSL_CTX_add1_chain_cert(ctx, cert);
}

// SSL_CTX_set_session_cache_mode is a macro; servers here keep no session cache.
static inline long baas_SSL_CTX_disable_session_cache(SSL_CTX *ctx) {
    return SSL_CTX_set_session_cache_mode(ctx, SSL_SESS_CACHE_OFF);
}

// The sk_GENERAL_NAME_* accessors are macros over type-checking inline functions.
static inline int baas_tls_general_names_count(const GENERAL_NAMES *names) {
    return sk_GENERAL_NAME_num(names);
}

// Writes the name at `index` as "DNS:…", "IP:…", "URI:…" or "email:…" into `out`
// (NUL-terminated); returns its length, or -1 for a kind that has no text form here.
static inline int baas_tls_general_name_text(const GENERAL_NAMES *names, int index, char *out, int capacity) {
    const GENERAL_NAME *name = sk_GENERAL_NAME_value(names, index);
    if (name == NULL || capacity < 64) return -1;
    const char *prefix;
    const ASN1_STRING *value;
    switch (name->type) {
    case GEN_DNS: prefix = "DNS:"; value = name->d.dNSName; break;
    case GEN_URI: prefix = "URI:"; value = name->d.uniformResourceIdentifier; break;
    case GEN_EMAIL: prefix = "email:"; value = name->d.rfc822Name; break;
    case GEN_IPADD: {
        const unsigned char *ip = ASN1_STRING_get0_data(name->d.iPAddress);
        int length = ASN1_STRING_length(name->d.iPAddress);
        if (length == 4) {
            return snprintf(out, (size_t)capacity, "IP:%u.%u.%u.%u", ip[0], ip[1], ip[2], ip[3]);
        }
        if (length == 16) {
            int n = snprintf(out, (size_t)capacity, "IP:");
            for (int i = 0; i < 16; i += 2) {
                n += snprintf(out + n, (size_t)(capacity - n), i == 0 ? "%x" : ":%x", (ip[i] << 8) | ip[i + 1]);
            }
            return n;
        }
        return -1;
    }
    default: return -1;
    }
    int length = ASN1_STRING_length(value);
    int prefixLength = (int)strlen(prefix);
    if (length < 0 || prefixLength + length + 1 > capacity) return -1;
    memcpy(out, prefix, (size_t)prefixLength);
    memcpy(out + prefixLength, ASN1_STRING_get0_data(value), (size_t)length);
    out[prefixLength + length] = 0;
    return prefixLength + length;
}

#endif
