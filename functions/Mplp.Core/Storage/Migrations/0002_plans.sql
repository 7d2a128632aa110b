-- Plans belong to a context: the foreign key makes "delete a context that still has plans" a
-- conflict and "create a plan in a context deleted meanwhile" a refused write, without races.
CREATE TABLE plans (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX plans_context_seq ON plans (context_id, seq);
CREATE INDEX plans_status_seq ON plans (status, seq);
