-- Roles have no context and no status: both columns stay empty.
CREATE TABLE roles (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid,
    status     text,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);

-- Who holds which role, everywhere (context_id null) or within one context. Platform state beside
-- the MPLP role, which has no such field. A role or context with assignments cannot be deleted.
CREATE TABLE role_assignments (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    role_id    uuid NOT NULL REFERENCES roles (id) ON DELETE RESTRICT,
    principal  text NOT NULL,
    context_id uuid REFERENCES contexts (id) ON DELETE RESTRICT,
    created_at timestamptz NOT NULL,
    created_by text NOT NULL,
    UNIQUE NULLS NOT DISTINCT (role_id, principal, context_id)
);
CREATE INDEX role_assignments_principal ON role_assignments (principal);
CREATE INDEX role_assignments_role ON role_assignments (role_id, seq);

-- Agent API keys: only a SHA-256 of the secret is kept (the secret is 256 random bits, so a slow
-- password hash would add nothing); the id in the key finds the row.
CREATE TABLE api_keys (
    seq         bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id          uuid PRIMARY KEY,
    principal   text NOT NULL,
    name        text NOT NULL,
    secret_hash bytea NOT NULL,
    created_at  timestamptz NOT NULL,
    created_by  text NOT NULL,
    expires_at  timestamptz,
    revoked_at  timestamptz
);
