import BaaSSQLite

/// The controller's SQLite schema as numbered, append-only migrations: never edit a released one,
/// add the next number instead.
///
/// Times are milliseconds since 1970 (INTEGER). The audit log refuses UPDATE and DELETE with
/// triggers; someone who can write the file can drop them, which is what the hash chain is for.
enum ControllerSchema {
    static let migrations: [Migration] = [
        Migration(version: 1, name: "accounts_sessions_tokens_audit", sql: """
            CREATE TABLE tenants (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                created_at INTEGER NOT NULL
            );
            CREATE TABLE users (
                id TEXT PRIMARY KEY,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                username TEXT NOT NULL UNIQUE,
                display_name TEXT NOT NULL,
                email TEXT NOT NULL,
                role TEXT NOT NULL,
                password_hash TEXT NOT NULL,
                totp_secret BLOB,
                pending_totp_secret BLOB,
                last_totp_step INTEGER,
                failed_logins INTEGER NOT NULL DEFAULT 0,
                locked_until INTEGER,
                created_at INTEGER NOT NULL,
                password_changed_at INTEGER NOT NULL
            );
            CREATE INDEX users_by_tenant ON users(tenant_id, id);
            CREATE TABLE sessions (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                second_factor_at INTEGER,
                revoked_at INTEGER,
                source_address TEXT NOT NULL
            );
            CREATE INDEX sessions_by_user ON sessions(user_id);
            CREATE TABLE api_tokens (
                id TEXT PRIMARY KEY,
                user_id TEXT NOT NULL REFERENCES users(id) ON DELETE CASCADE,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                name TEXT NOT NULL,
                scopes TEXT NOT NULL,
                secret_hash TEXT NOT NULL UNIQUE,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                revoked_at INTEGER
            );
            CREATE INDEX api_tokens_by_tenant ON api_tokens(tenant_id, id);
            CREATE INDEX api_tokens_by_user ON api_tokens(user_id, id);
            CREATE TABLE audit_log (
                sequence INTEGER PRIMARY KEY,
                time_ms INTEGER NOT NULL,
                actor_id TEXT NOT NULL,
                actor_name TEXT NOT NULL,
                tenant_id TEXT,
                action TEXT NOT NULL,
                target TEXT NOT NULL,
                parameters TEXT NOT NULL,
                outcome TEXT NOT NULL,
                source_address TEXT NOT NULL,
                previous_hash BLOB NOT NULL,
                hash BLOB NOT NULL
            );
            CREATE INDEX audit_log_by_tenant ON audit_log(tenant_id, sequence);
            CREATE TRIGGER audit_log_append_only_update BEFORE UPDATE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            CREATE TRIGGER audit_log_append_only_delete BEFORE DELETE ON audit_log
                BEGIN SELECT RAISE(ABORT, 'the audit log is append-only'); END;
            """),
        Migration(version: 2, name: "hosts_join_tokens", sql: """
            CREATE TABLE hosts (
                id TEXT PRIMARY KEY,
                name TEXT NOT NULL,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                labels TEXT NOT NULL,
                revoked_at INTEGER,
                facts TEXT NOT NULL,
                certificate_serial TEXT NOT NULL,
                certificate_expires_at INTEGER NOT NULL,
                enrolled_at INTEGER NOT NULL,
                last_seen_at INTEGER,
                desired_generation INTEGER NOT NULL DEFAULT 0,
                desired_nodes TEXT NOT NULL DEFAULT '[]'
            );
            CREATE INDEX hosts_by_tenant ON hosts(tenant_id, id);
            CREATE TABLE host_join_tokens (
                id TEXT PRIMARY KEY,
                tenant_id TEXT REFERENCES tenants(id) ON DELETE CASCADE,
                secret_hash TEXT NOT NULL,
                labels TEXT NOT NULL,
                created_by TEXT NOT NULL,
                created_at INTEGER NOT NULL,
                expires_at INTEGER NOT NULL,
                used_at INTEGER,
                host_id TEXT
            );
            """),
    ]
}
