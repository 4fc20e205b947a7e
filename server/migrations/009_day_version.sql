-- Each open day gets a version, raised by every change a booking is checked
-- against: any update of its row, and any session added, removed or changed
-- other than its seats (bookings and cancels change only `remaining`). The
-- server keeps the day it checks bookings against for a moment and sends the
-- version it read to dj_book, which answers 'stale' (nothing written) when the
-- day has changed since; the server then reads the day afresh and checks the
-- booking again. So a staff edit made through one process holds for the next
-- booking on every other, as it did when each booking read the day afresh,
-- and a booking costs one statement instead of two.
ALTER TABLE open_days ADD COLUMN version bigint NOT NULL DEFAULT 1;

CREATE FUNCTION dj_open_day_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  NEW.version := OLD.version + 1;
  RETURN NEW;
END
$$;
CREATE TRIGGER open_days_version BEFORE UPDATE ON open_days
  FOR EACH ROW EXECUTE FUNCTION dj_open_day_changed();

CREATE FUNCTION dj_session_changed() RETURNS trigger
LANGUAGE plpgsql AS $$
BEGIN
  IF TG_OP <> 'INSERT' THEN
    UPDATE open_days d SET version = d.version + 1 WHERE d.id = OLD.open_day_id;
  END IF;
  IF TG_OP <> 'DELETE' THEN
    UPDATE open_days d SET version = d.version + 1 WHERE d.id = NEW.open_day_id;
  END IF;
  RETURN NULL;
END
$$;
CREATE TRIGGER sessions_version AFTER INSERT OR DELETE OR UPDATE OF open_day_id, id, position, start_time, end_time, capacity ON sessions
  FOR EACH ROW EXECUTE FUNCTION dj_session_changed();

-- dj_book as in 002_book_function.sql, with the day's version first checked.
-- out_result adds 'stale': the day has changed since the server read it.
DROP FUNCTION dj_book(text, text, text, text, text, text, integer, text, text, text, jsonb, text, text, text[]);
CREATE FUNCTION dj_book(
  p_day text, p_key text, p_body_hash text, p_response text, p_code text,
  p_session text, p_party integer, p_name text, p_phone text, p_id_number text,
  p_companions jsonb, p_needs text, p_created text, p_id_hashes text[], p_version bigint
) RETURNS TABLE (out_result text, out_left integer)
LANGUAGE plpgsql AS $$
DECLARE
  held integer;
  seats integer;
BEGIN
  IF NOT EXISTS (SELECT 1 FROM open_days d WHERE d.id = p_day AND d.version = p_version) THEN
    RETURN QUERY SELECT 'stale'::text, NULL::integer;
    RETURN;
  END IF;

  INSERT INTO idempotency_keys (open_day_id, key, body_hash, status, response, code)
  VALUES (p_day, p_key, p_body_hash, 201, p_response::json, p_code)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    RETURN QUERY SELECT 'key-taken'::text, NULL::integer;
    RETURN;
  END IF;

  INSERT INTO bookings (code, open_day_id, session_id, status, party_size, name, phone, id_number, companions, needs, created_at)
  VALUES (p_code, p_day, p_session, 'confirmed', p_party, p_name, p_phone, p_id_number, p_companions, p_needs, p_created)
  ON CONFLICT DO NOTHING;
  IF NOT FOUND THEN
    DELETE FROM idempotency_keys k WHERE k.open_day_id = p_day AND k.key = p_key;
    IF EXISTS (SELECT 1 FROM bookings b WHERE b.open_day_id = p_day AND b.phone = p_phone AND b.status <> 'cancelled') THEN
      RETURN QUERY SELECT 'duplicate'::text, NULL::integer;
    ELSE
      RETURN QUERY SELECT 'code-taken'::text, NULL::integer;
    END IF;
    RETURN;
  END IF;

  IF cardinality(p_id_hashes) > 0 THEN
    INSERT INTO booking_ids (open_day_id, id_hash, code)
    SELECT p_day, h, p_code FROM unnest(p_id_hashes) AS h
    ON CONFLICT DO NOTHING;
    GET DIAGNOSTICS held = ROW_COUNT;
    IF held < cardinality(p_id_hashes) THEN
      DELETE FROM bookings b WHERE b.code = p_code;
      RETURN QUERY SELECT 'duplicate'::text, NULL::integer;
      RETURN;
    END IF;
  END IF;

  UPDATE sessions s SET remaining = s.remaining - p_party
  WHERE s.open_day_id = p_day AND s.id = p_session AND s.remaining >= p_party
  RETURNING s.remaining INTO seats;
  IF NOT FOUND THEN
    DELETE FROM bookings b WHERE b.code = p_code;
    RETURN QUERY SELECT 'full'::text, (SELECT s.remaining FROM sessions s WHERE s.open_day_id = p_day AND s.id = p_session);
    RETURN;
  END IF;
  RETURN QUERY SELECT 'booked'::text, seats;
END
$$;
