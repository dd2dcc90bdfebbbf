-- The sync outbox (issue 6's foundation; counted by the reports' sync backlog, issue 7): every
-- insert and update of a synced table records the row it changed, by trigger, inside the
-- writer's own transaction, whatever wrote it. One outbox row per changed row (by table and
-- uid): a row written ten times before the next push goes up once, in its latest state, and
-- keeps the place (`id`) of its first change, so parents still go up before their children.
--
-- Deletions are not recorded: the desk never deletes a synced row (it sets `deleted_at`, an
-- update), except local housekeeping (expired revocations, log rows moved to the archive
-- tables), which must not delete anything at head office.
--
-- Rows written while `sync_capture_paused` holds a row are not recorded: rows pulled from head
-- office (issue 6) and demo data. The pause is set and cleared inside one transaction, so a
-- crash can never leave it set.

CREATE TABLE sync_outbox (
    id               INTEGER PRIMARY KEY AUTOINCREMENT,
    table_name       TEXT    NOT NULL,
    row_uid          TEXT    NOT NULL,
    -- writes of the row since it was last pushed
    changes          INTEGER NOT NULL DEFAULT 1 CHECK (changes >= 1),
    -- the row's `updated_at` at its first and at its latest recorded write (the desk's clock)
    first_changed_at TEXT    NOT NULL,
    changed_at       TEXT    NOT NULL,
    UNIQUE (table_name, row_uid)
) STRICT;

CREATE TABLE sync_capture_paused (
    paused INTEGER NOT NULL PRIMARY KEY CHECK (paused = 1)
) STRICT;

CREATE TRIGGER sync_outbox_roles_insert AFTER INSERT ON roles
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('roles', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_roles_update AFTER UPDATE ON roles
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('roles', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_permissions_insert AFTER INSERT ON permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('permissions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_permissions_update AFTER UPDATE ON permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('permissions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_role_permissions_insert AFTER INSERT ON role_permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('role_permissions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_role_permissions_update AFTER UPDATE ON role_permissions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('role_permissions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_comptes_insert AFTER INSERT ON comptes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('comptes', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_comptes_update AFTER UPDATE ON comptes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('comptes', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_utilisateurs_insert AFTER INSERT ON utilisateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('utilisateurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_utilisateurs_update AFTER UPDATE ON utilisateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('utilisateurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_transporteurs_insert AFTER INSERT ON transporteurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('transporteurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_transporteurs_update AFTER UPDATE ON transporteurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('transporteurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_administrateurs_insert AFTER INSERT ON administrateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('administrateurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_administrateurs_update AFTER UPDATE ON administrateurs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('administrateurs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_agents_insert AFTER INSERT ON agents
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('agents', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_agents_update AFTER UPDATE ON agents
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('agents', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_agences_insert AFTER INSERT ON agences
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('agences', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_agences_update AFTER UPDATE ON agences
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('agences', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_desk_nodes_insert AFTER INSERT ON desk_nodes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('desk_nodes', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_desk_nodes_update AFTER UPDATE ON desk_nodes
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('desk_nodes', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_zones_desservies_insert AFTER INSERT ON zones_desservies
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('zones_desservies', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_zones_desservies_update AFTER UPDATE ON zones_desservies
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('zones_desservies', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_trajets_insert AFTER INSERT ON trajets
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('trajets', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_trajets_update AFTER UPDATE ON trajets
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('trajets', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_cash_sessions_insert AFTER INSERT ON cash_sessions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('cash_sessions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_cash_sessions_update AFTER UPDATE ON cash_sessions
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('cash_sessions', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_reservations_insert AFTER INSERT ON reservations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('reservations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_reservations_update AFTER UPDATE ON reservations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('reservations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_reservation_seats_insert AFTER INSERT ON reservation_seats
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('reservation_seats', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_reservation_seats_update AFTER UPDATE ON reservation_seats
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('reservation_seats', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_annulations_insert AFTER INSERT ON annulations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('annulations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_annulations_update AFTER UPDATE ON annulations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('annulations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_envois_insert AFTER INSERT ON envois
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('envois', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_envois_update AFTER UPDATE ON envois
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('envois', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_colis_insert AFTER INSERT ON colis
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('colis', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_colis_update AFTER UPDATE ON colis
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('colis', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_envoi_status_history_insert AFTER INSERT ON envoi_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('envoi_status_history', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_envoi_status_history_update AFTER UPDATE ON envoi_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('envoi_status_history', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_colis_status_history_insert AFTER INSERT ON colis_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('colis_status_history', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_colis_status_history_update AFTER UPDATE ON colis_status_history
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('colis_status_history', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_parcel_tariffs_insert AFTER INSERT ON parcel_tariffs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('parcel_tariffs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_parcel_tariffs_update AFTER UPDATE ON parcel_tariffs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('parcel_tariffs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_paiements_insert AFTER INSERT ON paiements
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('paiements', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_paiements_update AFTER UPDATE ON paiements
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('paiements', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_logs_insert AFTER INSERT ON payment_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_logs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_logs_update AFTER UPDATE ON payment_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_logs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_allocations_insert AFTER INSERT ON payment_allocations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_allocations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_allocations_update AFTER UPDATE ON payment_allocations
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_allocations', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_refunds_insert AFTER INSERT ON payment_refunds
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_refunds', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_payment_refunds_update AFTER UPDATE ON payment_refunds
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('payment_refunds', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_revoked_tokens_insert AFTER INSERT ON revoked_tokens
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('revoked_tokens', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_revoked_tokens_update AFTER UPDATE ON revoked_tokens
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('revoked_tokens', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_admin_logs_insert AFTER INSERT ON admin_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('admin_logs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_admin_logs_update AFTER UPDATE ON admin_logs
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('admin_logs', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_system_config_insert AFTER INSERT ON system_config
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('system_config', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;
CREATE TRIGGER sync_outbox_system_config_update AFTER UPDATE ON system_config
WHEN NOT EXISTS (SELECT 1 FROM sync_capture_paused) BEGIN
    INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
        VALUES ('system_config', NEW.uid, NEW.updated_at, NEW.updated_at)
        ON CONFLICT (table_name, row_uid) DO UPDATE
        SET changes = changes + 1, changed_at = excluded.changed_at;
END;

-- What the desk wrote before the outbox existed waits to go up too; the reference data every
-- database is seeded with (fixed uids `0190a000-0000-7000-8000-…`) is already at head office.
INSERT INTO sync_outbox (table_name, row_uid, first_changed_at, changed_at)
SELECT name, uid, updated_at, updated_at FROM (
SELECT 'roles' AS name, uid, updated_at FROM roles
UNION ALL SELECT 'permissions', uid, updated_at FROM permissions
UNION ALL SELECT 'role_permissions', uid, updated_at FROM role_permissions
UNION ALL SELECT 'comptes', uid, updated_at FROM comptes
UNION ALL SELECT 'utilisateurs', uid, updated_at FROM utilisateurs
UNION ALL SELECT 'transporteurs', uid, updated_at FROM transporteurs
UNION ALL SELECT 'administrateurs', uid, updated_at FROM administrateurs
UNION ALL SELECT 'agents', uid, updated_at FROM agents
UNION ALL SELECT 'agences', uid, updated_at FROM agences
UNION ALL SELECT 'desk_nodes', uid, updated_at FROM desk_nodes
UNION ALL SELECT 'zones_desservies', uid, updated_at FROM zones_desservies
UNION ALL SELECT 'trajets', uid, updated_at FROM trajets
UNION ALL SELECT 'cash_sessions', uid, updated_at FROM cash_sessions
UNION ALL SELECT 'reservations', uid, updated_at FROM reservations
UNION ALL SELECT 'reservation_seats', uid, updated_at FROM reservation_seats
UNION ALL SELECT 'annulations', uid, updated_at FROM annulations
UNION ALL SELECT 'envois', uid, updated_at FROM envois
UNION ALL SELECT 'colis', uid, updated_at FROM colis
UNION ALL SELECT 'envoi_status_history', uid, updated_at FROM envoi_status_history
UNION ALL SELECT 'colis_status_history', uid, updated_at FROM colis_status_history
UNION ALL SELECT 'parcel_tariffs', uid, updated_at FROM parcel_tariffs
UNION ALL SELECT 'paiements', uid, updated_at FROM paiements
UNION ALL SELECT 'payment_logs', uid, updated_at FROM payment_logs
UNION ALL SELECT 'payment_allocations', uid, updated_at FROM payment_allocations
UNION ALL SELECT 'payment_refunds', uid, updated_at FROM payment_refunds
UNION ALL SELECT 'revoked_tokens', uid, updated_at FROM revoked_tokens
UNION ALL SELECT 'admin_logs', uid, updated_at FROM admin_logs
UNION ALL SELECT 'system_config', uid, updated_at FROM system_config
)
WHERE uid NOT LIKE '0190a000-0000-7000-8000-%';
