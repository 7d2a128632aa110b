-- How often the event log refused an outbox row on its own (a transient outage is no refusal).
-- A constant default: existing rows start at 0 without a table rewrite.
ALTER TABLE outbox ADD COLUMN refusals int NOT NULL DEFAULT 0;

-- Outbox rows the event log refused too often: moved here so the rows behind them flow on, and
-- kept for an administrator (GET /api/v1/events/dead-letters). seq is the outbox row's.
CREATE TABLE outbox_dead_letters (
    seq              bigint PRIMARY KEY,
    partition_key    text NOT NULL,
    event            jsonb NOT NULL,
    error            text NOT NULL,
    refusals         int NOT NULL,
    created_at       timestamptz NOT NULL,
    dead_lettered_at timestamptz NOT NULL DEFAULT now()
);
