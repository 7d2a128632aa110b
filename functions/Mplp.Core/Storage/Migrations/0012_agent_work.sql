-- Each attempt handed to an agent (a plan step or a collab turn): where it belongs (its context and
-- role, which decide who may claim it over HTTP) and a SHA-256 of its claim token (the token itself
-- travels only in the work item; 256 random bits, so a slow hash would add nothing). A retried
-- dispatch of the same work id replaces the token: only the latest one counts.
CREATE TABLE agent_work (
    work_id      uuid PRIMARY KEY,
    execution_id text NOT NULL,
    context_id   uuid NOT NULL,
    kind         text NOT NULL,
    agent_role   text NOT NULL,
    token_hash   bytea NOT NULL,
    deadline     timestamptz NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX agent_work_deadline ON agent_work (deadline);
