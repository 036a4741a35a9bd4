// Process control the supervisor needs that glibc hides behind _GNU_SOURCE.
#ifndef BAAS_CLINUX_PROCESS_H
#define BAAS_CLINUX_PROCESS_H
#include <spawn.h>

// Declared by <spawn.h> only with _GNU_SOURCE (glibc >= 2.29); redeclaring the prototype is harmless.
extern int posix_spawn_file_actions_addchdir_np(posix_spawn_file_actions_t *__restrict actions,
                                                const char *__restrict path);

// POSIX_SPAWN_SETSID is a _GNU_SOURCE macro too (glibc >= 2.26).
static inline short baas_posix_spawn_setsid(void) { return 0x80; }
#endif
