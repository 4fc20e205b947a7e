-- The data key's fingerprint (server/crypto.ts keyFingerprint: an HKDF value
-- of its own, neither the key nor a plain hash of it). Written at the first
-- start with a key; every later start compares its key with it and refuses to
-- run with another one, which would write ID numbers no one can read together
-- with the old ones and miss repeated ID numbers (their keyed hashes differ).
-- One row at most: the primary key can only be true.
CREATE TABLE data_key (
  one         boolean PRIMARY KEY DEFAULT true CHECK (one),
  fingerprint text NOT NULL,
  created_at  text NOT NULL
);
