-- evaldash on PostgreSQL, step 1 of 3: the roles and the database.
-- Run once, as a superuser:  sudo -u postgres psql -v ON_ERROR_STOP=1 -f deploy/postgres-roles.sql
-- Replace the three passwords first (or set them afterwards with \password ROLE in psql).
--   evaldash_owner   owns the schema: `init-db` (migrations) runs as this role, nothing else
--   evaldash_import  command-line imports, demo loads, `user` commands, backups and restores
--   evaldash_app     the dashboard: reads everything, writes only the audit log, the
--                    sign-in counters (failed logins, lockouts) and the kept sign-ins
CREATE ROLE evaldash_owner LOGIN PASSWORD 'owner-password-change-me';
CREATE ROLE evaldash_import LOGIN PASSWORD 'import-password-change-me';
CREATE ROLE evaldash_app LOGIN PASSWORD 'app-password-change-me';
CREATE DATABASE evaldash OWNER evaldash_owner;
REVOKE ALL ON DATABASE evaldash FROM PUBLIC;
-- TEMPORARY: a page's metrics share groupings in temporary tables (see README, Databases)
GRANT CONNECT, TEMPORARY ON DATABASE evaldash TO evaldash_import, evaldash_app;
