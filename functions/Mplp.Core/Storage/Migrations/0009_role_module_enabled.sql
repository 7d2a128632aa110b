-- Installations made before this version listed the modules it lacked (role) as disabled and "not
-- served"; now that every module is served, those start enabled like in a new installation.
UPDATE core SET
    doc = jsonb_set(doc, '{modules}', (
        SELECT jsonb_agg(CASE WHEN m ->> 'description' LIKE '%is not served by this version%'
                              THEN m || jsonb_build_object('status', 'enabled', 'description', 'The ' || (m ->> 'module_id') || ' module.')
                              ELSE m END ORDER BY i)
        FROM jsonb_array_elements(doc -> 'modules') WITH ORDINALITY AS t (m, i))),
    version = version + 1,
    updated_at = now()
WHERE doc -> 'modules' @> '[{"status": "disabled"}]'
  AND EXISTS (SELECT 1 FROM jsonb_array_elements(doc -> 'modules') m WHERE m ->> 'description' LIKE '%is not served by this version%');
