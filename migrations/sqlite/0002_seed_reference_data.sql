-- Reference data shared by every desk and the central database.
--
-- The uids are fixed (0190a000-0000-7000-8000-0000000001xx roles, ...02xx permissions,
-- ...03xx role_permissions, ...04xx system_config) so that every database holds the same
-- rows under the same global ids and sync never duplicates them. No account, no password.

INSERT INTO roles (uid, name, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000101', 'admin', 'Administrateur de la plateforme : comptes, rôles, configuration, audit et rapports', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000102', 'agent', 'Agent de guichet : vente de billets, annulations, colis et caisse', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000103', 'transporteur', 'Transporteur : publication des trajets, colis et manifestes de départ', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000104', 'user', 'Utilisateur final : passager ou expéditeur de colis', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

INSERT INTO permissions (uid, code, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000201', 'accounts.manage', 'Gérer les comptes et leurs rôles', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000202', 'audit.read', 'Consulter le journal d''audit', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000203', 'config.manage', 'Modifier la configuration du système', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000204', 'agencies.manage', 'Gérer les agences et les guichets', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000205', 'reports.read', 'Consulter les rapports', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000206', 'sync.manage', 'Superviser la synchronisation des postes', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000207', 'trajets.manage', 'Publier et modifier les trajets', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000208', 'sales.sell', 'Vendre des billets', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000209', 'sales.cancel', 'Annuler et rembourser des billets', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000210', 'parcels.manage', 'Enregistrer, charger et livrer des colis', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000211', 'till.operate', 'Ouvrir, tenir et clôturer une caisse', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000212', 'manifests.read', 'Consulter et imprimer les manifestes de départ', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');

-- admin: everything; agent: counter work; transporteur: its trajets, parcels and manifests;
-- user: nothing (customers do not use the desk).
INSERT INTO role_permissions (uid, role_id, permission_id, created_at, updated_at)
SELECT '0190a000-0000-7000-8000-000000000301', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'accounts.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000302', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'audit.read'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000303', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'config.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000304', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'agencies.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000305', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'reports.read'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000306', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'sync.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000307', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'trajets.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000308', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'sales.sell'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000309', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'sales.cancel'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000310', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'parcels.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000311', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'till.operate'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000312', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'admin' AND p.code = 'manifests.read'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000313', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'agent' AND p.code = 'sales.sell'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000314', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'agent' AND p.code = 'sales.cancel'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000315', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'agent' AND p.code = 'parcels.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000316', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'agent' AND p.code = 'till.operate'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000317', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'trajets.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000318', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'parcels.manage'
UNION ALL SELECT '0190a000-0000-7000-8000-000000000319', r.id, p.id, '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00' FROM roles r, permissions p WHERE r.name = 'transporteur' AND p.code = 'manifests.read';

INSERT INTO system_config (uid, key, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000401', 'auth.max_failed_logins', '5', 'Nombre d''échecs de connexion consécutifs avant le verrouillage du compte', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000402', 'auth.session_ttl_minutes', '480', 'Durée de validité d''une session, en minutes', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000403', 'auth.password_min_length', '10', 'Longueur minimale d''un mot de passe', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000404', 'currency', 'XOF', 'Devise des montants (code ISO 4217)', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000405', 'locale.default', 'fr', 'Langue par défaut de l''interface', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
