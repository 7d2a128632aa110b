-- One-time step (and safe to repeat): the login the app connects as, instead of the server
-- administrator. Run it as the administrator, connected to the database mplp, before the app starts
-- (docs/deployment.md, "Azure Functions (Bicep)", step 2b):
--   psql "host=<postgresServerFqdn> dbname=mplp user=mplpadmin sslmode=require" \
--     -v app_login=mplp_app -v app_password="$MPLP_POSTGRES_APP_PASSWORD" -f infra/bicep/postgres-app-role.sql
--
-- The login owns the database mplp and everything the migrations made in it, because the app runs
-- the migrations at start-up. It is created without SUPERUSER, CREATEDB or CREATEROLE and is a
-- member of nothing (not azure_pg_admin): it cannot reach other databases' data, create logins or
-- change server settings. Re-running resets its password to app_password.
\set ON_ERROR_STOP on

SELECT format('CREATE ROLE %I LOGIN', :'app_login')
WHERE NOT EXISTS (SELECT FROM pg_roles WHERE rolname = :'app_login') \gexec

SELECT format('ALTER ROLE %I WITH LOGIN PASSWORD %L', :'app_login', :'app_password') \gexec

-- Handing objects to a role needs membership in it; PostgreSQL 16 gives a role's creator only the
-- ADMIN option, which lets it grant itself membership.
SELECT format('GRANT %I TO CURRENT_USER', :'app_login') \gexec

SELECT format('ALTER DATABASE %I OWNER TO %I', current_database(), :'app_login') \gexec

-- An installation that connected as the administrator before keeps its data: what the migrations
-- made as the administrator changes owner, so later migrations may alter it.
SELECT format('ALTER TABLE %I.%I OWNER TO %I', n.nspname, c.relname, :'app_login')
FROM pg_class c JOIN pg_namespace n ON n.oid = c.relnamespace
WHERE n.nspname = 'public' AND c.relkind IN ('r', 'p', 'v', 'm') AND pg_get_userbyid(c.relowner) = current_user \gexec

SELECT format('ALTER ROUTINE %s OWNER TO %I', p.oid::regprocedure, :'app_login')
FROM pg_proc p JOIN pg_namespace n ON n.oid = p.pronamespace
WHERE n.nspname = 'public' AND pg_get_userbyid(p.proowner) = current_user \gexec
