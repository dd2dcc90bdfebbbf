-- Parcels at the depot (issue 5): where an envoi starts, how each piece was priced, delivery
-- code attempts, agencies that take parcels, the tariff permission and the carriers' till.

ALTER TABLE agences ADD COLUMN accepts_parcels TINYINT(1) NOT NULL DEFAULT 0;

ALTER TABLE envois ADD COLUMN origin_city VARCHAR(100) NULL;
ALTER TABLE envois ADD COLUMN delivery_attempts INT NOT NULL DEFAULT 0;
ALTER TABLE envois ADD COLUMN delivered_at DATETIME(6) NULL;

ALTER TABLE colis ADD COLUMN piece_number INT NULL;
-- kg, like colis.weight
ALTER TABLE colis ADD COLUMN chargeable_weight DECIMAL(8,2) NULL;
ALTER TABLE colis ADD COLUMN tariff_id INT NULL;
ALTER TABLE colis ADD CONSTRAINT fk_colis_tariff FOREIGN KEY (tariff_id) REFERENCES parcel_tariffs (id);

CREATE INDEX idx_colis_trajet_status ON colis (trajet_id, status);
CREATE INDEX idx_parcel_tariffs_active ON parcel_tariffs (active, transporteur_id);

INSERT INTO permissions (uid, code, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000213', 'parcels.tariffs', 'Modifier la grille tarifaire des colis', '2026-01-01 00:00:00', '2026-01-01 00:00:00');

INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000321', r.id, p.id, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'parcels.tariffs'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000322', r.id, p.id, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'parcels.tariffs'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000323', r.id, p.id, '2026-01-01 00:00:00', '2026-01-01 00:00:00'
  FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'till.operate';

INSERT INTO system_config (uid, `key`, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000412', 'parcels.delivery_code_attempts', '5', 'Codes de livraison erronés acceptés avant de bloquer la remise d''un envoi', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
