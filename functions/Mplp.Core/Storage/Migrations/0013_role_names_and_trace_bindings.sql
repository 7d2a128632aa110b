-- Role names become unique, case-insensitively: a decision "in the name of a role" must name one
-- role. A database may already hold duplicates: the oldest role (lowest seq) keeps its name, each
-- later one is renamed deterministically to "<name> #<role_id>", its version bumped (so cached
-- ETags fail) and a role.renamed event logged to the role's own trace, so the change is audited.
CREATE TEMPORARY TABLE role_renames ON COMMIT DROP AS
SELECT id, doc ->> 'name' AS name_from, (doc ->> 'name') || ' #' || id::text AS name_to, doc -> 'trace' ->> 'trace_id' AS trace_id
FROM (
    SELECT id, doc, row_number() OVER (PARTITION BY lower(doc ->> 'name') ORDER BY seq) AS rank
    FROM roles
) ranked
WHERE rank > 1;

UPDATE roles r
SET doc = jsonb_set(r.doc, '{name}', to_jsonb(x.name_to)), version = r.version + 1, updated_at = now()
FROM role_renames x
WHERE r.id = x.id;

INSERT INTO outbox (partition_key, event)
SELECT trace_id, jsonb_build_object(
    'event_id', gen_random_uuid()::text,
    'event_type', 'role.renamed',
    'source', 'role',
    'timestamp', to_char(now() AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"'),
    'trace_id', trace_id,
    'data', jsonb_build_object('role_id', id::text, 'name_from', name_from, 'name_to', name_to, 'actor', 'migration 0013', 'reason', 'role names are unique'))
FROM role_renames
WHERE trace_id IS NOT NULL;

CREATE UNIQUE INDEX roles_name_unique ON roles (lower(doc ->> 'name'));

-- Every trace id bound to an object (the instance manifest's, a context's or a role's `trace`, a
-- Trace object's id) is bound once: its event log partition belongs to that object alone, or a
-- principal could read and append to another object's log by naming its trace id. A binding
-- outlives its object (no foreign key, no delete): the partition's events outlive it too.
CREATE TABLE trace_bindings (
    trace_id  uuid PRIMARY KEY,
    module    text NOT NULL,
    object_id uuid NOT NULL,
    bound_at  timestamptz NOT NULL DEFAULT now()
);

-- What the backfill found bound twice: the first binding (oldest object) was kept; these lost.
-- The platform refuses event reads and appends through them (409 TRACE_ID_TAKEN).
CREATE TABLE trace_binding_duplicates (
    trace_id  uuid NOT NULL,
    module    text NOT NULL,
    object_id uuid NOT NULL,
    found_at  timestamptz NOT NULL DEFAULT now()
);

CREATE TEMPORARY TABLE existing_bindings ON COMMIT DROP AS
SELECT trace_id::uuid AS trace_id, module, object_id, row_number() OVER (PARTITION BY trace_id ORDER BY created_at, rank, seq) AS first
FROM (
    SELECT doc -> 'trace' ->> 'trace_id' AS trace_id, 'core' AS module, id AS object_id, created_at, 0 AS rank, seq FROM core
    UNION ALL SELECT doc -> 'trace' ->> 'trace_id', 'context', id, created_at, 1, seq FROM contexts
    UNION ALL SELECT doc -> 'trace' ->> 'trace_id', 'role', id, created_at, 2, seq FROM roles
    UNION ALL SELECT id::text, 'trace', id, created_at, 3, seq FROM traces
) bound
WHERE trace_id ~ '^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$';

INSERT INTO trace_bindings (trace_id, module, object_id) SELECT trace_id, module, object_id FROM existing_bindings WHERE first = 1;
INSERT INTO trace_binding_duplicates (trace_id, module, object_id) SELECT trace_id, module, object_id FROM existing_bindings WHERE first > 1;

-- Bound in the statement that inserts the object: a taken trace id fails that insert as a whole
-- (unique violation on trace_bindings_pkey, answered 409 TRACE_ID_TAKEN), so nothing is half written.
-- The bound fields are immutable (ImmutableFields), so inserts are all there is to watch.
CREATE FUNCTION mplp_bind_trace() RETURNS trigger LANGUAGE plpgsql AS $$
DECLARE
    bound uuid := CASE WHEN TG_ARGV[0] = 'trace' THEN NEW.id ELSE (NEW.doc -> 'trace' ->> 'trace_id')::uuid END;
BEGIN
    IF bound IS NOT NULL THEN
        INSERT INTO trace_bindings (trace_id, module, object_id) VALUES (bound, TG_ARGV[0], NEW.id);
    END IF;
    RETURN NULL;
END
$$;

CREATE TRIGGER core_bind_trace AFTER INSERT ON core FOR EACH ROW EXECUTE FUNCTION mplp_bind_trace('core');
CREATE TRIGGER contexts_bind_trace AFTER INSERT ON contexts FOR EACH ROW EXECUTE FUNCTION mplp_bind_trace('context');
CREATE TRIGGER roles_bind_trace AFTER INSERT ON roles FOR EACH ROW EXECUTE FUNCTION mplp_bind_trace('role');
CREATE TRIGGER traces_bind_trace AFTER INSERT ON traces FOR EACH ROW EXECUTE FUNCTION mplp_bind_trace('trace');
