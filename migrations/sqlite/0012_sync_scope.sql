-- Data minimisation (docs/sync.md): the agency this desk serves, chosen with head office's
-- address. NULL: the whole network (head office's own desk). The label ("name (city)") is kept
-- as head office gave it, since the agency's row may not be on the desk before the first pull.
ALTER TABLE sync_status ADD COLUMN scope_agency_uid TEXT
    CHECK (scope_agency_uid IS NULL OR length(scope_agency_uid) = 36);
ALTER TABLE sync_status ADD COLUMN scope_agency_label TEXT
    CHECK (scope_agency_label IS NULL OR length(scope_agency_label) <= 400);
