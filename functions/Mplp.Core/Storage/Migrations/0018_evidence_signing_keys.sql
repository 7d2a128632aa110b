-- The development key that signs evidence packs when configuration names none
-- (Mplp:EvidencePacks:SigningKey, a Key Vault secret in production): made by the first instance
-- that exports a pack, shared by every instance of the database, never in the repository.
CREATE TABLE evidence_signing_keys (
    name        text PRIMARY KEY,
    private_key text NOT NULL,
    created_at  timestamptz NOT NULL DEFAULT now()
);
