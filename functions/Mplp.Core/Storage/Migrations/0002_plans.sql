-- Every module table has the same shape: the MPLP object as jsonb, the columns kept beside it for
-- lookups, keyset paging (seq) and optimistic concurrency (version), and its context by foreign
-- key, so "delete a context that still has objects" is a conflict and "create an object in a
-- context deleted meanwhile" a refused write, without races. One function makes them all alike.
CREATE FUNCTION mplp_create_module_table(name text) RETURNS void LANGUAGE plpgsql AS $$
BEGIN
    EXECUTE format($sql$
        CREATE TABLE %I (
            seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
            id         uuid PRIMARY KEY,
            context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
            status     text NOT NULL,
            version    bigint NOT NULL,
            doc        jsonb NOT NULL,
            created_at timestamptz NOT NULL DEFAULT now(),
            updated_at timestamptz NOT NULL DEFAULT now())
        $sql$, name);
    EXECUTE format('CREATE INDEX %I ON %I (context_id, seq)', name || '_context_seq', name);
    EXECUTE format('CREATE INDEX %I ON %I (status, seq)', name || '_status_seq', name);
END
$$;

SELECT mplp_create_module_table('plans');
