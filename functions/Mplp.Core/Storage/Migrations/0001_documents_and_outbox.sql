-- Contexts: the MPLP object is the jsonb document; the columns beside it exist for lookups,
-- keyset paging (seq) and optimistic concurrency (version).
CREATE TABLE contexts (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX contexts_status_seq ON contexts (status, seq);

-- Trace events written in the same transaction as the change that caused them; the dispatcher
-- copies them to the Azure Table event log and marks them sent.
CREATE TABLE outbox (
    seq           bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    partition_key text NOT NULL,
    event         jsonb NOT NULL,
    created_at    timestamptz NOT NULL DEFAULT now(),
    sent_at       timestamptz
);
CREATE INDEX outbox_pending ON outbox (seq) WHERE sent_at IS NULL;
