-- Module tables of the same shape as plans: the document, its context (foreign key, so a context
-- with live dependents cannot be deleted), status, version and the paging sequence.
CREATE TABLE extensions (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX extensions_context_seq ON extensions (context_id, seq);
CREATE INDEX extensions_status_seq ON extensions (status, seq);

CREATE TABLE collabs (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX collabs_context_seq ON collabs (context_id, seq);
CREATE INDEX collabs_status_seq ON collabs (status, seq);

CREATE TABLE dialogs (
    seq        bigint GENERATED ALWAYS AS IDENTITY UNIQUE,
    id         uuid PRIMARY KEY,
    context_id uuid NOT NULL REFERENCES contexts (id) ON DELETE RESTRICT,
    status     text NOT NULL,
    version    bigint NOT NULL,
    doc        jsonb NOT NULL,
    created_at timestamptz NOT NULL DEFAULT now(),
    updated_at timestamptz NOT NULL DEFAULT now()
);
CREATE INDEX dialogs_context_seq ON dialogs (context_id, seq);
CREATE INDEX dialogs_status_seq ON dialogs (status, seq);
