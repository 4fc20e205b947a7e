-- A session ends after it starts, whatever writes the row.
--
-- Before this migration a staff PATCH that gave only `end` (or only `start`)
-- and put the end at or before the start was answered 422 but stored all the
-- same. Such a row is the only way one can exist. This migration does not
-- mend it: the times the session had before the refused edit are lost, and
-- any times made up here would be shown to citizens as real. It stops instead,
-- naming each such session, and the server does not start until they are
-- corrected by hand, e.g. (PostgreSQL, psql):
--   UPDATE sessions SET end_time = '11:00' WHERE open_day_id = '<id>' AND id = '<sid>';
-- then the server is started again and this migration runs. (README
-- "Storage and migrations" shows the same for PGlite.)
DO $$
DECLARE
  bad text;
BEGIN
  SELECT string_agg(format('open day %s session %s (%s-%s)', open_day_id, id, start_time, end_time), '; ' ORDER BY open_day_id, position)
    INTO bad
    FROM sessions
   WHERE end_time <= start_time;
  IF bad IS NOT NULL THEN
    RAISE EXCEPTION 'Migration 005_session_times.sql: these sessions end before they start, written by a refused staff edit: %. Set their end_time (and start_time) to the real times with UPDATE sessions ..., then start the server again.', bad;
  END IF;
END
$$;

ALTER TABLE sessions ADD CONSTRAINT sessions_end_after_start CHECK (end_time > start_time);
