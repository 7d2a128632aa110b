-- Which round of its confirm a decision belongs to: a resubmission starts the next one. A confirm
-- without a row is in round 1.
CREATE TABLE confirm_rounds (
    confirm_id uuid PRIMARY KEY REFERENCES confirms (id) ON DELETE CASCADE,
    round      integer NOT NULL
);

-- Who made each decision, in which round, on which version of the target (a plan's version; 0 for
-- other targets): platform state beside the MPLP confirm, whose decisions name only a role. The
-- unique key is what makes a quorum count people, concurrent duplicates included. A decision that
-- existed before this table has no row, so it no longer counts toward a quorum.
CREATE TABLE confirm_deciders (
    decision_id    uuid PRIMARY KEY,
    confirm_id     uuid NOT NULL REFERENCES confirms (id) ON DELETE CASCADE,
    round          integer NOT NULL,
    target_version bigint NOT NULL,
    principal      text NOT NULL,
    recorded_at    timestamptz NOT NULL DEFAULT now(),
    UNIQUE (confirm_id, round, target_version, principal)
);

-- What was approved: a hash of the plan's content when it became approved. Execution runs a plan
-- only while its content still has this hash. Plans approved before this table have no row and
-- must be approved again (their content may have changed after approval).
CREATE TABLE plan_approvals (
    plan_id      uuid PRIMARY KEY REFERENCES plans (id) ON DELETE CASCADE,
    content_hash text NOT NULL,
    approved_at  timestamptz NOT NULL DEFAULT now()
);
