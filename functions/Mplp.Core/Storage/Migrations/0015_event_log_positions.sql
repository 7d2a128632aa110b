-- PostgreSQL becomes the event log of record (Azure Table storage its archive). Each trace's events
-- get a position: gap-free and in commit order within the trace (seq is neither: identities are
-- handed out before commit). The insert takes it from the trace's counter row (trigger below):
-- the row lock serialises the writers of one trace until they commit; other traces never wait.
CREATE TABLE outbox_positions (
    partition_key text PRIMARY KEY,
    last          bigint NOT NULL
);

-- The filters of the event stream, as columns. event_family: the MPLP event families keep it in
-- data; plan_id: the plan an event names in its data (plan, step and execution events).
ALTER TABLE outbox
    ADD COLUMN position bigint,
    ADD COLUMN event_type text GENERATED ALWAYS AS (event ->> 'event_type') STORED,
    ADD COLUMN event_family text GENERATED ALWAYS AS (event -> 'data' ->> 'event_family') STORED,
    ADD COLUMN plan_id text GENERATED ALWAYS AS (event -> 'data' ->> 'plan_id') STORED;

-- Rows written before: in seq order per trace, the best order they had.
UPDATE outbox o SET position = numbered.position
FROM (SELECT seq, row_number() OVER (PARTITION BY partition_key ORDER BY seq) AS position FROM outbox) numbered
WHERE o.seq = numbered.seq;

ALTER TABLE outbox ALTER COLUMN position SET NOT NULL;
INSERT INTO outbox_positions (partition_key, last) SELECT partition_key, max(position) FROM outbox GROUP BY partition_key;
CREATE UNIQUE INDEX outbox_partition_position ON outbox (partition_key, position);

-- The archive is keyed by position now, in a new table (EventLogOptions.TableName): every row is
-- archived again there, so the archive holds each trace whole and in one order.
UPDATE outbox SET sent_at = NULL;

-- Every insert takes its position here, whoever writes (the platform's writers, a migration, an
-- instance of the previous version during a rolling upgrade): the next of the trace's counter,
-- whose row lock holds the trace's other writers until this transaction ends. No NOTIFY here:
-- PostgreSQL serialises the commits of notifying transactions; the writing instance announces
-- committed traces after the commit instead (EventNotifications).
CREATE FUNCTION mplp_outbox_position() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO outbox_positions AS p (partition_key, last) VALUES (NEW.partition_key, 1)
    ON CONFLICT (partition_key) DO UPDATE SET last = p.last + 1
    RETURNING last INTO NEW.position;
    RETURN NEW;
END
$$;
CREATE TRIGGER outbox_position BEFORE INSERT ON outbox FOR EACH ROW EXECUTE FUNCTION mplp_outbox_position();
