-- The contract's data: read-only documents for brands, liaison boards,
-- regions and branches (served as stored), and open days, sessions, bookings
-- and idempotency keys for the booking office.
--
-- Dates and times are text as the contract writes them ('YYYY-MM-DD',
-- 'HH:MM', ISO 8601 instants): PGlite and node-postgres then hand back the
-- same strings. Documents are json, not jsonb, so they keep their key order
-- and answers are byte for byte those of the mock endpoint.

CREATE TABLE brands (
  id  text PRIMARY KEY,
  doc json NOT NULL
);

CREATE TABLE leaderboards (
  scope  text NOT NULL,
  period text NOT NULL,
  doc    json NOT NULL,
  PRIMARY KEY (scope, period)
);

CREATE TABLE regions (
  adcode text PRIMARY KEY,
  doc    json NOT NULL
);

CREATE TABLE branches (
  id       text PRIMARY KEY,
  position integer NOT NULL,
  -- The county the branch lies in (its location inside the county's outline).
  county   text,
  group_id text,
  stars    integer NOT NULL CHECK (stars BETWEEN 1 AND 5),
  doc      json NOT NULL
);
CREATE INDEX branches_by_county ON branches (county, position);

CREATE TABLE open_days (
  id                 text PRIMARY KEY,
  title              text NOT NULL,
  unit_id            text NOT NULL,
  unit_name          text NOT NULL,
  description        text NOT NULL,
  address            text NOT NULL,
  date               text NOT NULL CHECK (date ~ '^\d{4}-\d{2}-\d{2}$'),
  booking_closes_at  text NOT NULL,
  max_party_size     integer NOT NULL CHECK (max_party_size >= 1),
  requires_id_number boolean NOT NULL,
  min_age            integer NOT NULL CHECK (min_age >= 0),
  notes              jsonb NOT NULL,
  contact_phone      text NOT NULL
);
CREATE INDEX open_days_by_date ON open_days (date);

CREATE TABLE sessions (
  open_day_id text NOT NULL REFERENCES open_days (id) ON DELETE CASCADE,
  id          text NOT NULL,
  position    integer NOT NULL,
  start_time  text NOT NULL CHECK (start_time ~ '^([01]\d|2[0-3]):[0-5]\d$'),
  end_time    text NOT NULL CHECK (end_time ~ '^([01]\d|2[0-3]):[0-5]\d$'),
  capacity    integer NOT NULL CHECK (capacity >= 0),
  -- Seats still free. Taken by one UPDATE … WHERE remaining >= party size,
  -- so no interleaving of bookings can take more seats than there are.
  remaining   integer NOT NULL CHECK (remaining >= 0 AND remaining <= capacity),
  PRIMARY KEY (open_day_id, id)
);

CREATE TABLE bookings (
  code         text PRIMARY KEY,
  open_day_id  text NOT NULL,
  session_id   text NOT NULL,
  status       text NOT NULL CHECK (status IN ('confirmed', 'cancelled', 'checked-in')),
  party_size   integer NOT NULL CHECK (party_size >= 1),
  name         text NOT NULL,
  -- Normalised: 11 digits.
  phone        text NOT NULL,
  -- AES-256-GCM, bound to the booking code; null when the day asks for no ID number.
  id_number    text,
  -- [{"name", "idNumber"}], idNumber encrypted like id_number.
  companions   jsonb NOT NULL,
  needs        text,
  created_at   text NOT NULL,
  cancelled_at text,
  checked_in_at text,
  FOREIGN KEY (open_day_id, session_id) REFERENCES sessions (open_day_id, id) ON DELETE CASCADE
);
-- One live booking per phone per open day.
CREATE UNIQUE INDEX bookings_one_per_phone ON bookings (open_day_id, phone) WHERE status <> 'cancelled';
CREATE INDEX bookings_by_session ON bookings (open_day_id, session_id, created_at);

-- One live booking per ID number per open day: a keyed hash (HMAC) of every
-- ID number of a booking, so uniqueness needs no decryption. Rows go when the
-- booking is cancelled or purged.
CREATE TABLE booking_ids (
  open_day_id text NOT NULL,
  id_hash     text NOT NULL,
  code        text NOT NULL REFERENCES bookings (code) ON DELETE CASCADE,
  PRIMARY KEY (open_day_id, id_hash)
);
CREATE INDEX booking_ids_by_code ON booking_ids (code);

-- The first 201 of an Idempotency-Key, replayed to the same key and body.
-- body_hash is an HMAC of the body, so the table holds no personal data.
CREATE TABLE idempotency_keys (
  open_day_id text NOT NULL,
  key         text NOT NULL,
  body_hash   text NOT NULL,
  status      integer NOT NULL,
  response    json NOT NULL,
  -- Deferred: the key is claimed before its booking is written.
  code        text NOT NULL REFERENCES bookings (code) ON DELETE CASCADE DEFERRABLE INITIALLY DEFERRED,
  PRIMARY KEY (open_day_id, key)
);
