CREATE TABLE traces (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX traces_context_seq ON traces (context_id, seq);
CREATE INDEX traces_status_seq ON traces (status, seq);
