-- Counter sales (issue 3): each desk's public key for verifying its tickets offline, the
-- sale and cancellation rules as settings, and boarding at agency counters.

-- Ed25519 public key (base64) a desk signs its tickets' QR codes with. Other desks learn it
-- through sync, so any desk can verify any desk's ticket without a network.
ALTER TABLE desk_nodes ADD COLUMN ticket_public_key TEXT CHECK (ticket_public_key IS NULL OR length(ticket_public_key) <= 100);

-- When the passenger boarded, and how many times the ticket was printed (reprints are logged).
ALTER TABLE reservations ADD COLUMN boarded_at TEXT;
ALTER TABLE reservations ADD COLUMN tickets_printed INTEGER NOT NULL DEFAULT 0 CHECK (tickets_printed >= 0);

INSERT INTO system_config (uid, key, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000406', 'sales.refund_supplement_percent', '10', 'Supplément de l''option remboursable, en pourcentage du prix du billet', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000407', 'cancellation.fee_percent', '10', 'Frais retenus sur le remboursement d''un billet remboursable, en pourcentage du prix du billet', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000408', 'cancellation.deadline_hours', '24', 'Un billet remboursable est remboursé s''il est annulé au moins ce nombre d''heures avant le départ', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000409', 'changes.deadline_hours', '2', 'Un billet peut changer de date ou de siège jusqu''à ce nombre d''heures avant le départ', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

-- Agency counters board passengers on departure day: agents read manifests.
INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000320', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'
  FROM roles r, permissions p WHERE r.name = 'agent' AND p.code = 'manifests.read';
