-- evaldash on PostgreSQL, step 3 of 3: what the import and app roles may do.
-- Step 2 creates the tables as their owner:
--   python -m evaldash init-db --db postgresql+psycopg://evaldash_owner:PASSWORD@HOST/evaldash
-- Then run this as the owner, and again after every `init-db` that upgrades the schema:
--   psql "postgresql://evaldash_owner@HOST/evaldash" -v ON_ERROR_STOP=1 -f deploy/postgres-grants.sql
REVOKE CREATE ON SCHEMA public FROM PUBLIC;
GRANT USAGE ON SCHEMA public TO evaldash_import, evaldash_app;

-- Imports (and demo loads, `user`, `restore`): read everything; write pilots' data, the
-- summaries, the reference data an import extends, the import log, accounts and audit log.
GRANT SELECT, INSERT, UPDATE, DELETE, TRUNCATE ON ALL TABLES IN SCHEMA public TO evaldash_import;
REVOKE INSERT, UPDATE, DELETE, TRUNCATE ON alembic_version FROM evaldash_import;
GRANT USAGE, SELECT, UPDATE ON ALL SEQUENCES IN SCHEMA public TO evaldash_import;

-- The dashboard: read everything; write the audit log, the accounts' sign-in counters, the
-- counters of unknown names and the sign-ins kept by browsers (sign-in, sign-out).
GRANT SELECT ON ALL TABLES IN SCHEMA public TO evaldash_app;
GRANT INSERT ON audit_log TO evaldash_app;
GRANT USAGE ON SEQUENCE audit_id_seq TO evaldash_app;
GRANT UPDATE (failed_logins, locked_until) ON app_user TO evaldash_app;
GRANT SELECT, INSERT, UPDATE, DELETE ON sign_in_attempt, app_session TO evaldash_app;
