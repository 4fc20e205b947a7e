-- The lists staff import from Excel, WPS or CSV (server/lists/): brands,
-- branches and one liaison board per scope and period, each a list named by
-- its key ('brands', 'branches', 'boards:{scope}:{period}').
--
-- list_versions: every version of a list as the public tables hold it (brands'
-- and boards' documents, each branch as {"c": county, "d": document}); version
-- 0 is what the list held before its first import (null for a board that did
-- not exist). list_state: the version the public tables show and the one a
-- restore puts back. list_imports: dry runs without errors, kept an hour for
-- their apply, with the version they were checked against (base).

CREATE TABLE list_versions (
  list    text NOT NULL,
  version integer NOT NULL CHECK (version >= 0),
  at      text NOT NULL,
  who     text,
  rows    integer NOT NULL,
  data    json NOT NULL,
  PRIMARY KEY (list, version)
);

CREATE TABLE list_state (
  list     text PRIMARY KEY,
  current  integer NOT NULL,
  previous integer,
  FOREIGN KEY (list, current) REFERENCES list_versions (list, version),
  FOREIGN KEY (list, previous) REFERENCES list_versions (list, version)
);

CREATE TABLE list_imports (
  id         text PRIMARY KEY,
  list       text NOT NULL,
  base       integer,
  created_at text NOT NULL,
  expires_at text NOT NULL,
  who        text NOT NULL,
  rows       integer NOT NULL,
  data       json NOT NULL
);
CREATE INDEX list_imports_by_expiry ON list_imports (expires_at);
