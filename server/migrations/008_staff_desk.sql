-- The staff desk: a booking cancelled by staff on a citizen's behalf keeps
-- why (the reason the staff gave, shown in the desk and the CSV export) and
-- by whom (the name of the staff token, as in the audit log). Both are null
-- for a booking the citizen cancelled, and for one not cancelled.
ALTER TABLE bookings ADD COLUMN cancel_reason text;
ALTER TABLE bookings ADD COLUMN cancelled_by text;
