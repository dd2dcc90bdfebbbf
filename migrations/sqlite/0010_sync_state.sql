-- Sync, desk side (issue 6; docs/sync.md): the desk's hybrid logical clock, the pull cursor,
-- rows set aside and the state the window shows.
--
-- Every write recorded in the outbox now takes a tick of the desk's hybrid logical clock
-- (`sync_clock`: milliseconds since 1970 << 16, plus a counter; never behind a clock seen from
-- head office), and the outbox row keeps the tick of the row's latest write: that is the HLC
-- the row goes up with, and what conflicts are decided by (not the desk's wall clock).

ALTER TABLE sync_outbox ADD COLUMN hlc INTEGER NOT NULL DEFAULT 0;

CREATE TABLE sync_clock (
    id  INTEGER PRIMARY KEY CHECK (id = 1),
    hlc INTEGER NOT NULL CHECK (hlc >= 0)
) STRICT;
INSERT INTO sync_clock (id, hlc) VALUES (1, 0);

-- What waits already: one tick each, in the order of the rows' first changes.
UPDATE sync_outbox SET hlc = CAST((julianday(changed_at) - 2440587.5) * 86400000 AS INTEGER) * 65536 + id;
UPDATE sync_clock SET hlc = (SELECT COALESCE(MAX(hlc), 0) FROM sync_outbox);

-- The pull cursor: every change-log line up to `high_water` was applied, except the `seq`s of
-- sync_pull_gaps, lines not yet visible when a later one was read (an open transaction at head
-- office); they are read again at every pull until they appear or expire (docs/sync.md).
CREATE TABLE sync_pull_state (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    high_water      INTEGER NOT NULL DEFAULT 0 CHECK (high_water >= 0),
    -- the change log's last line when the first download began, for its progress
    bootstrap_target INTEGER,
    bootstrap_done  INTEGER NOT NULL DEFAULT 0 CHECK (bootstrap_done IN (0, 1))
) STRICT;
INSERT INTO sync_pull_state (id) VALUES (1);

CREATE TABLE sync_pull_gaps (
    seq           INTEGER PRIMARY KEY,
    first_seen_at TEXT    NOT NULL
) STRICT;

-- Rows that failed to go up (or to come down) for a reason a retry alone does not cure: a
-- refused constraint, a parent that never arrived. Never dropped: a pushed row stays in the
-- outbox and is tried again at every sync; the line goes when it succeeds.
CREATE TABLE sync_set_aside (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    direction     TEXT    NOT NULL CHECK (direction IN ('push', 'pull')),
    table_name    TEXT    NOT NULL,
    row_uid       TEXT    NOT NULL CHECK (length(row_uid) = 36),
    reason        TEXT    NOT NULL,
    attempts      INTEGER NOT NULL DEFAULT 1 CHECK (attempts >= 1),
    first_failed_at TEXT  NOT NULL,
    last_failed_at  TEXT  NOT NULL,
    UNIQUE (direction, table_name, row_uid)
) STRICT;

-- The last round, for the window: when it ran, whether it reached head office, its error.
CREATE TABLE sync_status (
    id              INTEGER PRIMARY KEY CHECK (id = 1),
    last_attempt_at TEXT,
    last_success_at TEXT,
    last_error      TEXT
) STRICT;
INSERT INTO sync_status (id) VALUES (1);

DROP TRIGGER sync_outbox_roles_insert;
CREATE TRIGGER sync_outbox_roles_insert AFTER INSERT ON roles
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('roles', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_roles_update;
CREATE TRIGGER sync_outbox_roles_update AFTER UPDATE ON roles
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('roles', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_permissions_insert;
CREATE TRIGGER sync_outbox_permissions_insert AFTER INSERT ON permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('permissions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_permissions_update;
CREATE TRIGGER sync_outbox_permissions_update AFTER UPDATE ON permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('permissions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_role_permissions_insert;
CREATE TRIGGER sync_outbox_role_permissions_insert AFTER INSERT ON role_permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('role_permissions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_role_permissions_update;
CREATE TRIGGER sync_outbox_role_permissions_update AFTER UPDATE ON role_permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('role_permissions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_comptes_insert;
CREATE TRIGGER sync_outbox_comptes_insert AFTER INSERT ON comptes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('comptes', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_comptes_update;
CREATE TRIGGER sync_outbox_comptes_update AFTER UPDATE ON comptes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('comptes', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_utilisateurs_insert;
CREATE TRIGGER sync_outbox_utilisateurs_insert AFTER INSERT ON utilisateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('utilisateurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_utilisateurs_update;
CREATE TRIGGER sync_outbox_utilisateurs_update AFTER UPDATE ON utilisateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('utilisateurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_transporteurs_insert;
CREATE TRIGGER sync_outbox_transporteurs_insert AFTER INSERT ON transporteurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('transporteurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_transporteurs_update;
CREATE TRIGGER sync_outbox_transporteurs_update AFTER UPDATE ON transporteurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('transporteurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_administrateurs_insert;
CREATE TRIGGER sync_outbox_administrateurs_insert AFTER INSERT ON administrateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('administrateurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_administrateurs_update;
CREATE TRIGGER sync_outbox_administrateurs_update AFTER UPDATE ON administrateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('administrateurs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_agents_insert;
CREATE TRIGGER sync_outbox_agents_insert AFTER INSERT ON agents
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('agents', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_agents_update;
CREATE TRIGGER sync_outbox_agents_update AFTER UPDATE ON agents
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('agents', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_agences_insert;
CREATE TRIGGER sync_outbox_agences_insert AFTER INSERT ON agences
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('agences', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_agences_update;
CREATE TRIGGER sync_outbox_agences_update AFTER UPDATE ON agences
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('agences', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_desk_nodes_insert;
CREATE TRIGGER sync_outbox_desk_nodes_insert AFTER INSERT ON desk_nodes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('desk_nodes', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_desk_nodes_update;
CREATE TRIGGER sync_outbox_desk_nodes_update AFTER UPDATE ON desk_nodes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('desk_nodes', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_zones_desservies_insert;
CREATE TRIGGER sync_outbox_zones_desservies_insert AFTER INSERT ON zones_desservies
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('zones_desservies', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_zones_desservies_update;
CREATE TRIGGER sync_outbox_zones_desservies_update AFTER UPDATE ON zones_desservies
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('zones_desservies', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_trajets_insert;
CREATE TRIGGER sync_outbox_trajets_insert AFTER INSERT ON trajets
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('trajets', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_trajets_update;
CREATE TRIGGER sync_outbox_trajets_update AFTER UPDATE ON trajets
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('trajets', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_cash_sessions_insert;
CREATE TRIGGER sync_outbox_cash_sessions_insert AFTER INSERT ON cash_sessions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('cash_sessions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_cash_sessions_update;
CREATE TRIGGER sync_outbox_cash_sessions_update AFTER UPDATE ON cash_sessions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('cash_sessions', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_reservations_insert;
CREATE TRIGGER sync_outbox_reservations_insert AFTER INSERT ON reservations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('reservations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_reservations_update;
CREATE TRIGGER sync_outbox_reservations_update AFTER UPDATE ON reservations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('reservations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_reservation_seats_insert;
CREATE TRIGGER sync_outbox_reservation_seats_insert AFTER INSERT ON reservation_seats
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('reservation_seats', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_reservation_seats_update;
CREATE TRIGGER sync_outbox_reservation_seats_update AFTER UPDATE ON reservation_seats
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('reservation_seats', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_annulations_insert;
CREATE TRIGGER sync_outbox_annulations_insert AFTER INSERT ON annulations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('annulations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_annulations_update;
CREATE TRIGGER sync_outbox_annulations_update AFTER UPDATE ON annulations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('annulations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_envois_insert;
CREATE TRIGGER sync_outbox_envois_insert AFTER INSERT ON envois
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('envois', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_envois_update;
CREATE TRIGGER sync_outbox_envois_update AFTER UPDATE ON envois
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('envois', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_colis_insert;
CREATE TRIGGER sync_outbox_colis_insert AFTER INSERT ON colis
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('colis', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_colis_update;
CREATE TRIGGER sync_outbox_colis_update AFTER UPDATE ON colis
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('colis', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_envoi_status_history_insert;
CREATE TRIGGER sync_outbox_envoi_status_history_insert AFTER INSERT ON envoi_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('envoi_status_history', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_envoi_status_history_update;
CREATE TRIGGER sync_outbox_envoi_status_history_update AFTER UPDATE ON envoi_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('envoi_status_history', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_colis_status_history_insert;
CREATE TRIGGER sync_outbox_colis_status_history_insert AFTER INSERT ON colis_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('colis_status_history', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_colis_status_history_update;
CREATE TRIGGER sync_outbox_colis_status_history_update AFTER UPDATE ON colis_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('colis_status_history', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_parcel_tariffs_insert;
CREATE TRIGGER sync_outbox_parcel_tariffs_insert AFTER INSERT ON parcel_tariffs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('parcel_tariffs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_parcel_tariffs_update;
CREATE TRIGGER sync_outbox_parcel_tariffs_update AFTER UPDATE ON parcel_tariffs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('parcel_tariffs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_paiements_insert;
CREATE TRIGGER sync_outbox_paiements_insert AFTER INSERT ON paiements
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('paiements', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_paiements_update;
CREATE TRIGGER sync_outbox_paiements_update AFTER UPDATE ON paiements
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('paiements', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_logs_insert;
CREATE TRIGGER sync_outbox_payment_logs_insert AFTER INSERT ON payment_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_logs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_logs_update;
CREATE TRIGGER sync_outbox_payment_logs_update AFTER UPDATE ON payment_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_logs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_allocations_insert;
CREATE TRIGGER sync_outbox_payment_allocations_insert AFTER INSERT ON payment_allocations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_allocations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_allocations_update;
CREATE TRIGGER sync_outbox_payment_allocations_update AFTER UPDATE ON payment_allocations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_allocations', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_refunds_insert;
CREATE TRIGGER sync_outbox_payment_refunds_insert AFTER INSERT ON payment_refunds
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_refunds', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_payment_refunds_update;
CREATE TRIGGER sync_outbox_payment_refunds_update AFTER UPDATE ON payment_refunds
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('payment_refunds', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_revoked_tokens_insert;
CREATE TRIGGER sync_outbox_revoked_tokens_insert AFTER INSERT ON revoked_tokens
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('revoked_tokens', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_revoked_tokens_update;
CREATE TRIGGER sync_outbox_revoked_tokens_update AFTER UPDATE ON revoked_tokens
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('revoked_tokens', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_admin_logs_insert;
CREATE TRIGGER sync_outbox_admin_logs_insert AFTER INSERT ON admin_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('admin_logs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_admin_logs_update;
CREATE TRIGGER sync_outbox_admin_logs_update AFTER UPDATE ON admin_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('admin_logs', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_system_config_insert;
CREATE TRIGGER sync_outbox_system_config_insert AFTER INSERT ON system_config
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('system_config', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
DROP TRIGGER sync_outbox_system_config_update;
CREATE TRIGGER sync_outbox_system_config_update AFTER UPDATE ON system_config
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    UPDATE sync_clock SET hlc = MAX(hlc + 1, CAST((julianday('now') - 2440587.5) * 86400000 AS INTEGER) * 65536);
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at, hlc)
        VALUES ('system_config', NEW.uid, NEW.updated_at, NEW.updated_at, (SELECT hlc FROM sync_clock))
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at, hlc = excluded.hlc;
END;
