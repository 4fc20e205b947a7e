-- What must hold across every server process on one database: rate limits,
-- the lock on a booking code after too many wrong phones, and the staff
-- audit log. None of it holds personal data.

-- Requests per client address and bucket in its one-minute window (begun
-- at window_start, ms since the epoch, with the client's first request). Unlogged: a crash of PostgreSQL may
-- forget the counts, which only starts every client on a fresh minute.
-- Rows of ended windows are deleted every minute.
CREATE UNLOGGED TABLE rate_limits (
  bucket       text NOT NULL,
  client       text NOT NULL,
  window_start bigint NOT NULL,
  hits         integer NOT NULL,
  PRIMARY KEY (bucket, client)
);
CREATE INDEX rate_limits_by_window ON rate_limits (window_start);

-- Wrong phones sent for a booking code (LOOKUP_LOCK in the booking rules):
-- counted per code whoever sends them; locked_until (ms) set on the tenth.
-- Codes with no booking are counted alike, so the answers never tell a code
-- that exists from one that does not.
CREATE TABLE lookup_failures (
  code         text PRIMARY KEY,
  failures     integer NOT NULL,
  since        bigint NOT NULL,
  locked_until bigint
);

-- Who did what through the staff API, and when: the name of the staff token
-- used, the action, its target (open day, session or booking code) and the
-- answer's status. Never a name, phone or ID number.
CREATE TABLE staff_audit (
  id     bigserial PRIMARY KEY,
  at     text NOT NULL,
  who    text NOT NULL,
  action text NOT NULL,
  target text NOT NULL,
  status integer NOT NULL
);
CREATE INDEX staff_audit_by_at ON staff_audit (at);
