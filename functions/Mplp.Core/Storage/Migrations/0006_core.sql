-- The instance manifest: one row at most (the unique index over a constant), so instances that
-- start together cannot each create their own.
CREATE TABLE core (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE UNIQUE INDEX core_single_row ON core ((true));
