// The PKCS#11 interface (p11-kit's header). Modules are dlopen()ed at run time, so nothing links.
#ifndef BAAS_CPKCS11_SHIM_H
#define BAAS_CPKCS11_SHIM_H
#include <p11-kit/pkcs11.h>
#include <dlfcn.h>
#endif
