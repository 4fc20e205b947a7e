-- The liaison groups (联系片) that branches belong to, so a branches answer
-- can name every group its items name, in display order (position), instead
-- of leaving the widget with bare ids such as yz-g10. Written by the seed
-- like the other read-only documents.

CREATE TABLE liaison_groups (
  id       text PRIMARY KEY,
  position integer NOT NULL,
  name     text NOT NULL
);
