-- The approval policy of a confirm (quorum, roles, timeout): platform state beside the MPLP object.
CREATE TABLE confirm_policies (
    confirm_id uuid PRIMARY KEY REFERENCES confirms (id) ON DELETE CASCADE,
    policy     jsonb NOT NULL,
    updated_at timestamptz NOT NULL DEFAULT now()
);
