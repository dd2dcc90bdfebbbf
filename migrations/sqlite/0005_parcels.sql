-- Parcels at the depot (issue 5): where an envoi starts, how each piece was priced, delivery
-- code attempts, agencies that take parcels, the tariff permission and the carriers' till.

-- Counters that take parcels as well as tickets (a carrier's own depot always does).
ALTER TABLE agences ADD COLUMN accepts_parcels INTEGER NOT NULL DEFAULT 0 CHECK (accepts_parcels IN (0, 1));

-- The city the envoi leaves from: the tariff grid prices by route.
ALTER TABLE envois ADD COLUMN origin_city TEXT COLLATE NOCASE CHECK (origin_city IS NULL OR length(origin_city) BETWEEN 1 AND 100);
-- Wrong delivery codes given since the code was issued; delivery is refused past the limit
-- until the sender has a new code issued.
ALTER TABLE envois ADD COLUMN delivery_attempts INTEGER NOT NULL DEFAULT 0 CHECK (delivery_attempts >= 0);
ALTER TABLE envois ADD COLUMN delivered_at TEXT;

-- Which piece of the envoi it is (1, 2, …), and what the price was computed from: the weight
-- charged (the greater of the real and the volumetric weight) and the tariff row used.
ALTER TABLE colis ADD COLUMN piece_number INTEGER CHECK (piece_number IS NULL OR piece_number >= 1);
ALTER TABLE colis ADD COLUMN chargeable_weight INTEGER CHECK (chargeable_weight IS NULL OR chargeable_weight >= 0);
ALTER TABLE colis ADD COLUMN tariff_id INTEGER REFERENCES parcel_tariffs (id);

-- Lookups a depot makes all day: by sender, by recipient phone, by piece code, the pieces on a
-- departure.
CREATE INDEX idx_colis_trajet_status ON colis (trajet_id, status);
CREATE INDEX idx_parcel_tariffs_active ON parcel_tariffs (active, transporteur_id);

INSERT INTO permissions (uid, code, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000213', 'parcels.tariffs', 'Modifier la grille tarifaire des colis', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

-- Depot staff take payment for parcels at their own till.
INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000321', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'
  FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'parcels.tariffs'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000322', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'
  FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'parcels.tariffs'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000323', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'
  FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'till.operate';

INSERT INTO system_config (uid, key, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000412', 'parcels.delivery_code_attempts', '5', 'Codes de livraison erronés acceptés avant de bloquer la remise d''un envoi', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
