-- The ASP.NET Core Data Protection key ring (PostgresXmlRepository): the keys that encrypt webhook secrets.
CREATE TABLE data_protection_keys (
    name       text PRIMARY KEY,
    xml        text NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now()
);

-- A webhook subscription's state beside its extension (never inside the MPLP object): its signing
-- secret, encrypted with Data Protection, and its cursor, the log position of its context's trace
-- up to which events have been fanned out into deliveries.
CREATE TABLE webhook_subscriptions (
    extension_id   uuid PRIMARY KEY REFERENCES extensions (id) ON DELETE CASCADE,
    partition_key  text NOT NULL,
    secret         text NOT NULL,
    secret_made_at timestamptz NOT NULL,
    cursor         bigint NOT NULL
);

-- One row per (subscription, event): the durable delivery queue, claimed with SKIP LOCKED.
CREATE TABLE webhook_deliveries (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    extension_id    uuid NOT NULL REFERENCES extensions (id) ON DELETE CASCADE,
    position        bigint NOT NULL,
    event_id        text NOT NULL,
    event           jsonb NOT NULL,
    state           text NOT NULL DEFAULT 'pending',
    attempts        int NOT NULL DEFAULT 0,
    next_attempt_at timestamptz NOT NULL DEFAULT now(),
    created_at      timestamptz NOT NULL DEFAULT now(),
    UNIQUE (extension_id, position)
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries (next_attempt_at) WHERE state = 'pending';

-- Every attempt, for GET /extensions/{id}/deliveries.
CREATE TABLE webhook_attempts (
    seq             bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    delivery_seq    bigint NOT NULL REFERENCES webhook_deliveries (seq) ON DELETE CASCADE,
    extension_id    uuid NOT NULL,
    attempt         int NOT NULL,
    attempted_at    timestamptz NOT NULL,
    status_code     int,
    error           text,
    state           text NOT NULL,
    next_attempt_at timestamptz
);
CREATE INDEX webhook_attempts_extension ON webhook_attempts (extension_id, seq);
CREATE INDEX webhook_attempts_delivery ON webhook_attempts (delivery_seq);
