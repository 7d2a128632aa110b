-- A confirm's context is its target's; the target itself may be of several modules, so it is
-- checked by the application, not by a foreign key.
CREATE TABLE confirms (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX confirms_context_seq ON confirms (context_id, seq);
CREATE INDEX confirms_status_seq ON confirms (status, seq);
