-- Backups, restore and maintenance (issue 8): who may back up and restore, the schedule's
-- defaults, and the archive of old log rows that maintenance moves out of the hot tables.

INSERT INTO permissions (uid, code, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000214', 'backups.manage', 'Sauvegarder et restaurer la base du poste', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000324', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'
  FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'backups.manage';

INSERT INTO system_config (uid, key, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000413', 'backup.interval_hours', '4', 'Heures entre deux sauvegardes automatiques', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000414', 'backup.retention', '30', 'Sauvegardes gardées dans chaque dossier (les plus anciennes partent)', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000415', 'maintenance.archive_after_days', '730', 'Âge (jours) au-delà duquel les journaux quittent les tables courantes pour l''archive', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

-- Archived rows keep their ids (the hot tables' AUTOINCREMENT never reuses one), so a row is
-- the same row whichever table holds it. No foreign keys: archives outlive what they name.
CREATE TABLE archived_admin_logs (
    id              INTEGER PRIMARY KEY,
    uid             TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    -- NULL = the system itself (e.g. first-run setup)
    actor_compte_id INTEGER,
    action          TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    entity_type     TEXT    CHECK (entity_type IS NULL OR length(entity_type) <= 50),
    entity_uid      TEXT    CHECK (entity_uid IS NULL OR length(entity_uid) <= 255),
    details         TEXT    CHECK (details IS NULL OR json_valid(details)),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT
) STRICT;

CREATE INDEX idx_archived_admin_logs_created_at ON archived_admin_logs (created_at);

CREATE TABLE archived_payment_logs (
    id                 INTEGER PRIMARY KEY,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    paiement_id        INTEGER NOT NULL,
    event              TEXT    NOT NULL
                               CHECK (event IN ('attempt', 'success', 'failure', 'refund', 'reconciliation', 'timeout')),
    -- cents
    amount             INTEGER CHECK (amount IS NULL OR amount >= 0),
    provider_reference TEXT    CHECK (provider_reference IS NULL OR length(provider_reference) <= 100),
    message            TEXT    CHECK (message IS NULL OR length(message) <= 2000),
    actor_compte_id    INTEGER,
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT
) STRICT;

CREATE INDEX idx_archived_payment_logs_paiement ON archived_payment_logs (paiement_id, created_at);

-- What readers of a payment's log query: the hot rows and the archived ones alike (the audit
-- log's reader merges its two tables itself, to page through them by id).
CREATE VIEW payment_logs_all AS
    SELECT * FROM payment_logs UNION ALL SELECT * FROM archived_payment_logs;
