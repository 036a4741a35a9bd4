// The PKCS#11 interface (p11-kit's header). Modules are dlopen()ed at run time, so nothing links:
// the header is included by its path under /usr/include (libp11-kit-dev), not through pkg-config,
// whose flags would also link libp11-kit.
#ifndef BAAS_CPKCS11_SHIM_H
#define BAAS_CPKCS11_SHIM_H
#include <p11-kit-1/p11-kit/pkcs11.h>
#include <dlfcn.h>
#endif
