// SQLite 3. Only BaaSSQLite imports this module.
#ifndef BAAS_CSQLITE_SHIM_H
#define BAAS_CSQLITE_SHIM_H
#include <sqlite3.h>

// SQLITE_TRANSIENT is a cast of -1 to a function pointer; Swift cannot import it.
static inline sqlite3_destructor_type baas_sqlite_transient(void) {
    return SQLITE_TRANSIENT;
}

// sqlite3_config is variadic.
static inline int baas_sqlite_config_serialized(void) {
    return sqlite3_config(SQLITE_CONFIG_SERIALIZED);
}
#endif
