-- Reports (issue 7): carriers read their own reports, and the indexes the reports' period
-- filters need (each report reads one period of one table by its date column; sign-in
-- monitoring reads the accounts by their last failed sign-in).

INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000325', r.id, p.id, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'reports.read';

CREATE INDEX idx_payment_refunds_created_at ON payment_refunds (created_at);
CREATE INDEX idx_envois_created_at ON envois (created_at);
CREATE INDEX idx_envois_delivered_at ON envois (delivered_at);
CREATE INDEX idx_cash_sessions_closed_at ON cash_sessions (closed_at);
CREATE INDEX idx_comptes_last_failed_login ON comptes (last_failed_login);
