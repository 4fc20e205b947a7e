-- A booking and its request's count against the rate limit (rate_limits,
-- migration 006) in one statement, for the server on PostgreSQL: a valid
-- booking paid two round trips before, the limiter's count and dj_book.
--
-- p_bookings is a JSON array of dj_book's 15 parameters, each list followed
-- by the client address its request is counted for (null: counted already,
-- by an earlier call for the same request) and that client's limit a minute.
-- Every client of the array is counted first, once and in the order of its
-- key, as the limiter's own statement does (so the two cannot deadlock on
-- rate_limits rows); a window that has ended begins again with p_now. Then,
-- in the array's order, each booking's request takes its place among its
-- client's: past the limit, it is answered 'limited' with its window's start
-- and dj_book is not called; else dj_book answers as when it is called alone.
CREATE FUNCTION dj_book_counted(p_bookings jsonb, p_bucket text, p_now bigint)
RETURNS TABLE (out_result text, out_left integer, out_window_start bigint)
LANGUAGE plpgsql AS $$
DECLARE
  counts jsonb;
  b jsonb;
  who text;
  place integer;
BEGIN
  WITH k AS (
    SELECT e->>15 AS client, count(*)::integer AS n
    FROM jsonb_array_elements(p_bookings) AS e
    WHERE e->>15 IS NOT NULL
    GROUP BY e->>15
  ), taken AS (
    INSERT INTO rate_limits AS r (bucket, client, window_start, hits)
    SELECT p_bucket, k.client, p_now, k.n FROM k
    ORDER BY p_bucket, k.client
    ON CONFLICT (bucket, client) DO UPDATE SET
      hits = CASE WHEN r.window_start > p_now - 60000 THEN r.hits + EXCLUDED.hits ELSE EXCLUDED.hits END,
      window_start = CASE WHEN r.window_start > p_now - 60000 THEN r.window_start ELSE p_now END
    RETURNING r.client, r.hits, r.window_start
  )
  -- For each client: the hits before this statement's, and its window's start.
  SELECT coalesce(jsonb_object_agg(t.client, jsonb_build_array(t.hits - k.n, t.window_start)), '{}')
  INTO counts
  FROM taken t JOIN k ON k.client = t.client;

  FOR b IN SELECT e.b FROM jsonb_array_elements(p_bookings) WITH ORDINALITY AS e(b, i) ORDER BY e.i LOOP
    who := b->>15;
    IF who IS NOT NULL THEN
      place := (counts->who->>0)::integer + 1;
      counts := jsonb_set(counts, ARRAY[who, '0'], to_jsonb(place));
      IF place > (b->>16)::integer THEN
        RETURN QUERY SELECT 'limited'::text, NULL::integer, (counts->who->>1)::bigint;
        CONTINUE;
      END IF;
    END IF;
    RETURN QUERY SELECT d.out_result, d.out_left, NULL::bigint
      FROM dj_book(b->>0, b->>1, b->>2, b->>3, b->>4, b->>5, (b->>6)::integer, b->>7, b->>8, b->>9, b->10, b->>11,
        b->>12, ARRAY(SELECT jsonb_array_elements_text(b->13)), (b->>14)::bigint) AS d;
  END LOOP;
END
$$;
