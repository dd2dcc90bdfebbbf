-- Sync, central side (issue 6; docs/sync.md): a hybrid logical clock on every synced row and a
-- change log every desk pulls from.
--
-- `sync_hlc` is the row's hybrid logical clock (milliseconds since 1970 << 16, plus a counter).
-- A desk's push writes the HLC its outbox recorded; it sets the session variable
-- @billettigue_sync_node to its own uid first. Any other writer (the web platform, a person at
-- the MySQL prompt) leaves the variable NULL, and the BEFORE triggers stamp the row with a clock
-- later than both its previous one and the server's time, so its change wins over older ones.
--
-- `sync_changes` is written by the AFTER triggers of every synced table, in the writer's own
-- transaction: one line per inserted or updated row, with the desk it came from (NULL: another
-- writer, or a merge the desk itself must pull back). `seq` is allocated when the line is
-- written, not when its transaction commits, so lines may become visible out of order; the
-- desks' pull cursor keeps the gaps it saw and reads them again (docs/sync.md, "Pull"), as long
-- as the line after a gap is recent (`changed_at`, UTC).
-- Single-statement trigger bodies: no DELIMITER games, the same text on MySQL 8 and MariaDB.

CREATE TABLE sync_changes (
    seq         BIGINT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    table_name  VARCHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
    row_uid     CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
    origin_node CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NULL,
    -- UTC whatever the writer's session time zone: how old a missing number may be (docs/sync.md)
    changed_at  DATETIME(6) NOT NULL,
    KEY idx_sync_changes_row (table_name, row_uid)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE roles ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_roles_insert BEFORE INSERT ON roles FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_roles_update BEFORE UPDATE ON roles FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_roles_insert AFTER INSERT ON roles FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('roles', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_roles_update AFTER UPDATE ON roles FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('roles', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE permissions ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_permissions_insert BEFORE INSERT ON permissions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_permissions_update BEFORE UPDATE ON permissions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_permissions_insert AFTER INSERT ON permissions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('permissions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_permissions_update AFTER UPDATE ON permissions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('permissions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE role_permissions ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_role_permissions_insert BEFORE INSERT ON role_permissions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_role_permissions_update BEFORE UPDATE ON role_permissions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_role_permissions_insert AFTER INSERT ON role_permissions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('role_permissions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_role_permissions_update AFTER UPDATE ON role_permissions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('role_permissions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE comptes ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_comptes_insert BEFORE INSERT ON comptes FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_comptes_update BEFORE UPDATE ON comptes FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_comptes_insert AFTER INSERT ON comptes FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('comptes', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_comptes_update AFTER UPDATE ON comptes FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('comptes', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE utilisateurs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_utilisateurs_insert BEFORE INSERT ON utilisateurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_utilisateurs_update BEFORE UPDATE ON utilisateurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_utilisateurs_insert AFTER INSERT ON utilisateurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('utilisateurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_utilisateurs_update AFTER UPDATE ON utilisateurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('utilisateurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE transporteurs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_transporteurs_insert BEFORE INSERT ON transporteurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_transporteurs_update BEFORE UPDATE ON transporteurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_transporteurs_insert AFTER INSERT ON transporteurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('transporteurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_transporteurs_update AFTER UPDATE ON transporteurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('transporteurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE administrateurs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_administrateurs_insert BEFORE INSERT ON administrateurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_administrateurs_update BEFORE UPDATE ON administrateurs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_administrateurs_insert AFTER INSERT ON administrateurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('administrateurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_administrateurs_update AFTER UPDATE ON administrateurs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('administrateurs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE agents ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_agents_insert BEFORE INSERT ON agents FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_agents_update BEFORE UPDATE ON agents FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_agents_insert AFTER INSERT ON agents FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('agents', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_agents_update AFTER UPDATE ON agents FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('agents', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE agences ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_agences_insert BEFORE INSERT ON agences FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_agences_update BEFORE UPDATE ON agences FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_agences_insert AFTER INSERT ON agences FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('agences', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_agences_update AFTER UPDATE ON agences FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('agences', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE desk_nodes ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_desk_nodes_insert BEFORE INSERT ON desk_nodes FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_desk_nodes_update BEFORE UPDATE ON desk_nodes FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_desk_nodes_insert AFTER INSERT ON desk_nodes FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('desk_nodes', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_desk_nodes_update AFTER UPDATE ON desk_nodes FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('desk_nodes', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE zones_desservies ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_zones_desservies_insert BEFORE INSERT ON zones_desservies FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_zones_desservies_update BEFORE UPDATE ON zones_desservies FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_zones_desservies_insert AFTER INSERT ON zones_desservies FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('zones_desservies', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_zones_desservies_update AFTER UPDATE ON zones_desservies FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('zones_desservies', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE trajets ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_trajets_insert BEFORE INSERT ON trajets FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_trajets_update BEFORE UPDATE ON trajets FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_trajets_insert AFTER INSERT ON trajets FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('trajets', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_trajets_update AFTER UPDATE ON trajets FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('trajets', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE cash_sessions ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_cash_sessions_insert BEFORE INSERT ON cash_sessions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_cash_sessions_update BEFORE UPDATE ON cash_sessions FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_cash_sessions_insert AFTER INSERT ON cash_sessions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('cash_sessions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_cash_sessions_update AFTER UPDATE ON cash_sessions FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('cash_sessions', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE reservations ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_reservations_insert BEFORE INSERT ON reservations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_reservations_update BEFORE UPDATE ON reservations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_reservations_insert AFTER INSERT ON reservations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('reservations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_reservations_update AFTER UPDATE ON reservations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('reservations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE reservation_seats ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_reservation_seats_insert BEFORE INSERT ON reservation_seats FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_reservation_seats_update BEFORE UPDATE ON reservation_seats FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_reservation_seats_insert AFTER INSERT ON reservation_seats FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('reservation_seats', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_reservation_seats_update AFTER UPDATE ON reservation_seats FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('reservation_seats', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE annulations ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_annulations_insert BEFORE INSERT ON annulations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_annulations_update BEFORE UPDATE ON annulations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_annulations_insert AFTER INSERT ON annulations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('annulations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_annulations_update AFTER UPDATE ON annulations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('annulations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE envois ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_envois_insert BEFORE INSERT ON envois FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_envois_update BEFORE UPDATE ON envois FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_envois_insert AFTER INSERT ON envois FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('envois', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_envois_update AFTER UPDATE ON envois FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('envois', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE colis ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_colis_insert BEFORE INSERT ON colis FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_colis_update BEFORE UPDATE ON colis FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_colis_insert AFTER INSERT ON colis FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('colis', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_colis_update AFTER UPDATE ON colis FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('colis', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE envoi_status_history ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_envoi_status_history_insert BEFORE INSERT ON envoi_status_history FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_envoi_status_history_update BEFORE UPDATE ON envoi_status_history FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_envoi_status_history_insert AFTER INSERT ON envoi_status_history FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('envoi_status_history', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_envoi_status_history_update AFTER UPDATE ON envoi_status_history FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('envoi_status_history', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE colis_status_history ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_colis_status_history_insert BEFORE INSERT ON colis_status_history FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_colis_status_history_update BEFORE UPDATE ON colis_status_history FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_colis_status_history_insert AFTER INSERT ON colis_status_history FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('colis_status_history', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_colis_status_history_update AFTER UPDATE ON colis_status_history FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('colis_status_history', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE parcel_tariffs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_parcel_tariffs_insert BEFORE INSERT ON parcel_tariffs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_parcel_tariffs_update BEFORE UPDATE ON parcel_tariffs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_parcel_tariffs_insert AFTER INSERT ON parcel_tariffs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('parcel_tariffs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_parcel_tariffs_update AFTER UPDATE ON parcel_tariffs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('parcel_tariffs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE paiements ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_paiements_insert BEFORE INSERT ON paiements FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_paiements_update BEFORE UPDATE ON paiements FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_paiements_insert AFTER INSERT ON paiements FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('paiements', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_paiements_update AFTER UPDATE ON paiements FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('paiements', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE payment_logs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_payment_logs_insert BEFORE INSERT ON payment_logs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_payment_logs_update BEFORE UPDATE ON payment_logs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_payment_logs_insert AFTER INSERT ON payment_logs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_logs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_payment_logs_update AFTER UPDATE ON payment_logs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_logs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE payment_allocations ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_payment_allocations_insert BEFORE INSERT ON payment_allocations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_payment_allocations_update BEFORE UPDATE ON payment_allocations FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_payment_allocations_insert AFTER INSERT ON payment_allocations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_allocations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_payment_allocations_update AFTER UPDATE ON payment_allocations FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_allocations', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE payment_refunds ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_payment_refunds_insert BEFORE INSERT ON payment_refunds FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_payment_refunds_update BEFORE UPDATE ON payment_refunds FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_payment_refunds_insert AFTER INSERT ON payment_refunds FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_refunds', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_payment_refunds_update AFTER UPDATE ON payment_refunds FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('payment_refunds', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE revoked_tokens ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_revoked_tokens_insert BEFORE INSERT ON revoked_tokens FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_revoked_tokens_update BEFORE UPDATE ON revoked_tokens FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_revoked_tokens_insert AFTER INSERT ON revoked_tokens FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('revoked_tokens', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_revoked_tokens_update AFTER UPDATE ON revoked_tokens FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('revoked_tokens', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE admin_logs ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_admin_logs_insert BEFORE INSERT ON admin_logs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_admin_logs_update BEFORE UPDATE ON admin_logs FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_admin_logs_insert AFTER INSERT ON admin_logs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('admin_logs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_admin_logs_update AFTER UPDATE ON admin_logs FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('admin_logs', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

ALTER TABLE system_config ADD COLUMN sync_hlc BIGINT NOT NULL DEFAULT 0;
CREATE TRIGGER sync_stamp_system_config_insert BEFORE INSERT ON system_config FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_system_config_update BEFORE UPDATE ON system_config FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_system_config_insert AFTER INSERT ON system_config FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('system_config', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_system_config_update AFTER UPDATE ON system_config FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('system_config', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

-- Rows already here (the seeded reference data, rows of other software) are changes every
-- desk must see once: parents first, in each table's insertion order.
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'roles', uid, UTC_TIMESTAMP(6) FROM roles ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'permissions', uid, UTC_TIMESTAMP(6) FROM permissions ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'role_permissions', uid, UTC_TIMESTAMP(6) FROM role_permissions ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'comptes', uid, UTC_TIMESTAMP(6) FROM comptes ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'utilisateurs', uid, UTC_TIMESTAMP(6) FROM utilisateurs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'transporteurs', uid, UTC_TIMESTAMP(6) FROM transporteurs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'administrateurs', uid, UTC_TIMESTAMP(6) FROM administrateurs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'agents', uid, UTC_TIMESTAMP(6) FROM agents ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'agences', uid, UTC_TIMESTAMP(6) FROM agences ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'desk_nodes', uid, UTC_TIMESTAMP(6) FROM desk_nodes ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'zones_desservies', uid, UTC_TIMESTAMP(6) FROM zones_desservies ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'trajets', uid, UTC_TIMESTAMP(6) FROM trajets ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'cash_sessions', uid, UTC_TIMESTAMP(6) FROM cash_sessions ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'reservations', uid, UTC_TIMESTAMP(6) FROM reservations ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'reservation_seats', uid, UTC_TIMESTAMP(6) FROM reservation_seats ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'annulations', uid, UTC_TIMESTAMP(6) FROM annulations ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'envois', uid, UTC_TIMESTAMP(6) FROM envois ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'colis', uid, UTC_TIMESTAMP(6) FROM colis ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'envoi_status_history', uid, UTC_TIMESTAMP(6) FROM envoi_status_history ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'colis_status_history', uid, UTC_TIMESTAMP(6) FROM colis_status_history ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'parcel_tariffs', uid, UTC_TIMESTAMP(6) FROM parcel_tariffs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'paiements', uid, UTC_TIMESTAMP(6) FROM paiements ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'payment_logs', uid, UTC_TIMESTAMP(6) FROM payment_logs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'payment_allocations', uid, UTC_TIMESTAMP(6) FROM payment_allocations ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'payment_refunds', uid, UTC_TIMESTAMP(6) FROM payment_refunds ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'revoked_tokens', uid, UTC_TIMESTAMP(6) FROM revoked_tokens ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'admin_logs', uid, UTC_TIMESTAMP(6) FROM admin_logs ORDER BY id;
INSERT INTO sync_changes (table_name, row_uid, changed_at) SELECT 'system_config', uid, UTC_TIMESTAMP(6) FROM system_config ORDER BY id;
