-- Confirms created with decisions, or already resolved: imports of finished records. Their decisions
-- are history, marked here beside the MPLP confirm (whose schema has no field for it). Written by the
-- statement that inserts the confirm, so a confirm is never seen without its mark; decisions made
-- later through the API are not in decision_ids. A confirm inserted before this table had no decisions.
CREATE TABLE confirm_imports (
    confirm_id   uuid PRIMARY KEY REFERENCES confirms (id) ON DELETE CASCADE,
    decision_ids uuid[] NOT NULL,
    imported_by  text NOT NULL,
    imported_at  timestamptz NOT NULL DEFAULT now()
);

CREATE FUNCTION mplp_mark_confirm_import() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    INSERT INTO confirm_imports (confirm_id, decision_ids, imported_by)
    SELECT NEW.id,
           ARRAY(SELECT (d ->> 'decision_id')::uuid FROM jsonb_array_elements(COALESCE(NEW.doc -> 'decisions', '[]'::jsonb)) AS d),
           NEW.doc -> 'meta' ->> 'created_by';
    RETURN NULL;
END
$$;

CREATE TRIGGER confirms_mark_import AFTER INSERT ON confirms FOR EACH ROW
    WHEN (jsonb_array_length(COALESCE(NEW.doc -> 'decisions', '[]'::jsonb)) > 0 OR NEW.status <> 'pending')
    EXECUTE FUNCTION mplp_mark_confirm_import();
