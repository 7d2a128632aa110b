CREATE TABLE networks (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX networks_context_seq ON networks (context_id, seq);
CREATE INDEX networks_status_seq ON networks (status, seq);

-- When each node last reported: platform state beside the MPLP object, which has no such field.
-- Only nodes that have sent a heartbeat are watched for silence.
CREATE TABLE network_heartbeats (
    network_id uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    node_id    uuid NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (network_id, node_id)
);
CREATE INDEX network_heartbeats_last_seen ON network_heartbeats (last_seen);
