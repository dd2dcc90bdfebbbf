-- Backups, restore and maintenance (issue 8): the permission and the schedule's defaults.
-- (The archive of old log rows is the desk's own: the central database keeps every row hot.)

INSERT INTO permissions (uid, code, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000214', 'backups.manage', 'Sauvegarder et restaurer la base du poste', '2026-01-01 00:00:00', '2026-01-01 00:00:00');

INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000324', r.id, p.id, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'backups.manage';

INSERT INTO system_config (uid, `key`, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000413', 'backup.interval_hours', '4', 'Heures entre deux sauvegardes automatiques', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('0190a000-0000-7000-8000-000000000414', 'backup.retention', '30', 'Sauvegardes gardées dans chaque dossier (les plus anciennes partent)', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('0190a000-0000-7000-8000-000000000415', 'maintenance.archive_after_days', '730', 'Âge (jours) au-delà duquel les journaux quittent les tables courantes pour l''archive', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
