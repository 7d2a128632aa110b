SELECT mplp_create_module_table('networks');

-- When each node last reported: platform state beside the MPLP object, which has no such field.
-- Only nodes that have sent a heartbeat are watched for silence.
CREATE TABLE network_heartbeats (
    network_id uuid NOT NULL REFERENCES networks (id) ON DELETE CASCADE,
    node_id    uuid NOT NULL,
    last_seen  timestamptz NOT NULL,
    PRIMARY KEY (network_id, node_id)
);
CREATE INDEX network_heartbeats_last_seen ON network_heartbeats (last_seen);
