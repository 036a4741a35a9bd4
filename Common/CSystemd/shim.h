// libsystemd: sd_notify and the journal. Only BaaSCore imports this module.
#ifndef BAAS_CSYSTEMD_SHIM_H
#define BAAS_CSYSTEMD_SHIM_H
#include <systemd/sd-daemon.h>
#include <systemd/sd-journal.h>
#endif
