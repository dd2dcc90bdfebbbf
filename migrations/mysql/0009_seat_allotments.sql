-- Seats granted to desks (docs/sync.md, "Seats"): a desk sells only the seats it holds here.
-- Grants are made under the trajet row's lock (`FOR UPDATE`), so a seat is held by one desk at
-- a time; `returned` gives it back.
CREATE TABLE seat_allotments (
    id           INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid          CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    trajet_id    INT NOT NULL,
    desk_node_id INT NOT NULL,
    seat_number  INT NOT NULL,
    status       VARCHAR(20) NOT NULL DEFAULT 'held',
    granted_at   DATETIME(6) NOT NULL,
    returned_at  DATETIME(6) NULL,
    created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version      INT NOT NULL DEFAULT 1,
    deleted_at   DATETIME(6) NULL,
    sync_hlc     BIGINT NOT NULL DEFAULT 0,
    UNIQUE KEY uq_seat_allotments_uid (uid),
    KEY idx_seat_allotments_trajet (trajet_id, status, desk_node_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (seat_number BETWEEN 1 AND 50),
    CHECK (status IN ('held', 'returned')),
    FOREIGN KEY (trajet_id) REFERENCES trajets (id),
    FOREIGN KEY (desk_node_id) REFERENCES desk_nodes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TRIGGER sync_stamp_seat_allotments_insert BEFORE INSERT ON seat_allotments FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(NEW.sync_hlc, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_stamp_seat_allotments_update BEFORE UPDATE ON seat_allotments FOR EACH ROW
    SET NEW.sync_hlc = IF(@billettigue_sync_node IS NULL, GREATEST(OLD.sync_hlc + 1, CAST(UNIX_TIMESTAMP(CURRENT_TIMESTAMP(6)) * 1000 AS SIGNED) * 65536), NEW.sync_hlc);
CREATE TRIGGER sync_log_seat_allotments_insert AFTER INSERT ON seat_allotments FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('seat_allotments', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));
CREATE TRIGGER sync_log_seat_allotments_update AFTER UPDATE ON seat_allotments FOR EACH ROW
    INSERT INTO sync_changes (table_name, row_uid, origin_node, changed_at) VALUES ('seat_allotments', NEW.uid, IF(@billettigue_sync_echo = 1, NULL, @billettigue_sync_node), UTC_TIMESTAMP(6));

-- Each desk's backlog as its last heartbeat told it.
ALTER TABLE desk_nodes ADD COLUMN backlog_rows INT NULL;
ALTER TABLE desk_nodes ADD COLUMN backlog_since DATETIME(6) NULL;
