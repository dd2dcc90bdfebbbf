-- Seats head office grants to a desk (docs/sync.md, "Seats"). A desk that syncs sells only
-- seats it holds: blocks granted while online so that it can sell offline, and the exact seats
-- of an online sale, claimed at head office just before the sale is written. One row per seat
-- granted; `returned` gives the seat back to head office, never the other way.
CREATE TABLE seat_allotments (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    trajet_id    INTEGER NOT NULL REFERENCES trajets (id),
    desk_node_id INTEGER NOT NULL REFERENCES desk_nodes (id),
    seat_number  INTEGER NOT NULL CHECK (seat_number BETWEEN 1 AND 50),
    status       TEXT    NOT NULL DEFAULT 'held' CHECK (status IN ('held', 'returned')),
    granted_at   TEXT    NOT NULL,
    returned_at  TEXT,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at   TEXT
) STRICT;

CREATE INDEX idx_seat_allotments_trajet ON seat_allotments (trajet_id, status, desk_node_id);

CREATE TRIGGER sync_outbox_seat_allotments_insert AFTER INSERT ON seat_allotments
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('seat_allotments', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
CREATE TRIGGER sync_outbox_seat_allotments_update AFTER UPDATE ON seat_allotments
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('seat_allotments', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;

-- Each desk's backlog as it last told head office (an administrator sees every desk's).
ALTER TABLE desk_nodes ADD COLUMN backlog_rows INTEGER CHECK (backlog_rows IS NULL OR backlog_rows >= 0);
ALTER TABLE desk_nodes ADD COLUMN backlog_since TEXT;

-- Set when this desk first reached head office: from then on it sells only seats it holds.
ALTER TABLE sync_status ADD COLUMN joined_at TEXT;
