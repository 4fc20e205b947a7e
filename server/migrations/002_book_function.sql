-- A booking in one statement, so it costs one round trip on either store and
-- is atomic as any single statement is. The steps and their order are those
-- described in server/office.ts:
--   1. claim the Idempotency-Key (a second request with the key waits on the
--      unique index for the first to commit, then finds it taken);
--   2. insert the booking (the partial unique index allows one live booking
--      per phone per open day);
--   3. insert the keyed hashes of its ID numbers (one live booking per number);
--   4. take the seats with UPDATE ... WHERE remaining >= party size.
-- A refusal deletes what the call wrote (deleting the booking cascades to its
-- hashes and its key), so nothing of a refused booking stays.
--
-- out_result: 'booked' (out_left = seats left), 'key-taken', 'duplicate',
-- 'full' (out_left = seats left), or 'code-taken' (try another code).
CREATE FUNCTION dj_book(
  p_day text, p_key text, p_body_hash text, p_response text, p_code text,
  p_session text, p_party integer, p_name text, p_phone text, p_id_number text,
  p_companions jsonb, p_needs text, p_created text, p_id_hashes text[]
) RETURNS TABLE (out_result text, out_left integer)
LANGUAGE plpgsql AS $$
DECLARE
  held integer;
  seats integer;
BEGIN
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
