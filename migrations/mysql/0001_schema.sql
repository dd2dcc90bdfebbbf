-- Billettigue: the central MySQL schema (MySQL 8 and MariaDB 10.11).
--
-- Reference: "Documentation Base de Données - Billettigue" (the seed) plus the additions
-- described in docs/schema.md. Every deviation from the seed is listed there with its reason.
--
-- Conventions (every table):
--   id          INT AUTO_INCREMENT PRIMARY KEY      local row id, never sent over sync
--   uid         CHAR(36) NOT NULL UNIQUE             UUIDv7 written by the desks; DEFAULT (UUID())
--                                                    only for rows written by other software
--   created_at  DATETIME(6) NOT NULL                 UTC, microseconds (same precision as chrono)
--   updated_at  DATETIME(6) NOT NULL                 UTC; ON UPDATE for writers that forget it
--   version     INT NOT NULL DEFAULT 1               bumped by every UPDATE
--   deleted_at  DATETIME(6) NULL                     soft deletion
-- Money: DECIMAL(10,2). Weights: DECIMAL(8,2) kg. Booleans: BOOLEAN (TINYINT(1)) 0/1.
--
-- Portability rules followed here: foreign keys and multi-column CHECKs are table-level
-- (MySQL ignores inline REFERENCES and refuses column CHECKs naming another column);
-- constraints are unnamed (CHECK names are schema-wide in MySQL 8); no CHECK touches a column
-- used by a foreign key with a referential action; no partial indexes. No *_bin collation:
-- MySQL flags such columns BINARY and sqlx 0.8 then refuses to decode them as String. Codes are
-- compared case-insensitively (utf8mb4_unicode_ci / ascii_general_ci), as the desk's NOCASE does.

-- ---------------------------------------------------------------------------------------------
-- Roles and permissions
-- ---------------------------------------------------------------------------------------------

CREATE TABLE roles (
    id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid         CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    name        VARCHAR(50) NOT NULL,
    description TEXT NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     INT NOT NULL DEFAULT 1,
    deleted_at  DATETIME(6) NULL,
    UNIQUE KEY uq_roles_uid (uid),
    UNIQUE KEY uq_roles_name (name),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (name IN ('admin', 'agent', 'transporteur', 'user'))
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE permissions (
    id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid         CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    code        VARCHAR(100) NOT NULL,
    description TEXT NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     INT NOT NULL DEFAULT 1,
    deleted_at  DATETIME(6) NULL,
    UNIQUE KEY uq_permissions_uid (uid),
    UNIQUE KEY uq_permissions_code (code),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(code) >= 1)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE role_permissions (
    id            INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid           CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    role_id       INT NOT NULL,
    permission_id INT NOT NULL,
    created_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version       INT NOT NULL DEFAULT 1,
    deleted_at    DATETIME(6) NULL,
    UNIQUE KEY uq_role_permissions_uid (uid),
    UNIQUE KEY uq_role_permissions_pair (role_id, permission_id),
    KEY idx_role_permissions_permission (permission_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    FOREIGN KEY (role_id) REFERENCES roles (id) ON DELETE CASCADE,
    FOREIGN KEY (permission_id) REFERENCES permissions (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Accounts and profiles
-- ---------------------------------------------------------------------------------------------

-- comptes.agence_id's foreign key is added after `agences` exists (the two reference each other
-- through transporteurs).
CREATE TABLE comptes (
    id                  INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                 CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    -- NULL for walk-in customers; staff always have one (enforced in Rust).
    email               VARCHAR(255) NULL,
    -- NULL for customer comptes created at the counter: they cannot sign in.
    password_hash       VARCHAR(255) NULL,
    status              VARCHAR(20) NOT NULL DEFAULT 'active',
    email_verified      BOOLEAN NOT NULL DEFAULT FALSE,
    phone_verified      BOOLEAN NOT NULL DEFAULT FALSE,
    last_login          DATETIME(6) NULL,
    login_attempts      INT NOT NULL DEFAULT 0,
    failed_logins       INT NOT NULL DEFAULT 0,
    last_failed_login   DATETIME(6) NULL,
    account_locked      BOOLEAN NOT NULL DEFAULT FALSE,
    password_changed_at DATETIME(6) NULL,
    role_id             INT NOT NULL,
    agence_id           INT NULL,
    created_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version             INT NOT NULL DEFAULT 1,
    deleted_at          DATETIME(6) NULL,
    UNIQUE KEY uq_comptes_uid (uid),
    UNIQUE KEY uq_comptes_email (email),
    KEY idx_comptes_role (role_id),
    KEY idx_comptes_agence (agence_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (email IS NULL OR CHAR_LENGTH(email) >= 3),
    CHECK (status IN ('active', 'inactive', 'suspended', 'deleted')),
    CHECK (email_verified IN (0, 1)),
    CHECK (phone_verified IN (0, 1)),
    CHECK (login_attempts >= 0),
    CHECK (failed_logins >= 0),
    CHECK (account_locked IN (0, 1)),
    FOREIGN KEY (role_id) REFERENCES roles (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Customers (role `user`): passengers and parcel senders.
CREATE TABLE utilisateurs (
    id           INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid          CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    last_name    VARCHAR(255) NOT NULL,
    first_name   VARCHAR(255) NOT NULL,
    phone_number VARCHAR(255) NOT NULL,
    compte_id    INT NOT NULL,
    created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version      INT NOT NULL DEFAULT 1,
    deleted_at   DATETIME(6) NULL,
    UNIQUE KEY uq_utilisateurs_uid (uid),
    UNIQUE KEY uq_utilisateurs_compte (compte_id),
    KEY idx_utilisateurs_phone (phone_number),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    FOREIGN KEY (compte_id) REFERENCES comptes (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Carriers (role `transporteur`).
CREATE TABLE transporteurs (
    id           INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid          CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    phone_number VARCHAR(255) NOT NULL,
    company_name VARCHAR(255) NULL,
    company_type VARCHAR(100) NOT NULL DEFAULT 'mixte',
    -- The person operating the carrier office account (addition).
    first_name   VARCHAR(255) NULL,
    last_name    VARCHAR(255) NULL,
    compte_id    INT NOT NULL,
    created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version      INT NOT NULL DEFAULT 1,
    deleted_at   DATETIME(6) NULL,
    UNIQUE KEY uq_transporteurs_uid (uid),
    UNIQUE KEY uq_transporteurs_compte (compte_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (company_type IN ('mixte', 'passagers', 'colis')),
    FOREIGN KEY (compte_id) REFERENCES comptes (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE administrateurs (
    id         INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid        CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    last_name  VARCHAR(255) NOT NULL,
    first_name VARCHAR(255) NOT NULL,
    compte_id  INT NOT NULL,
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version    INT NOT NULL DEFAULT 1,
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_administrateurs_uid (uid),
    UNIQUE KEY uq_administrateurs_compte (compte_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    FOREIGN KEY (compte_id) REFERENCES comptes (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Agencies / counters / depots (addition).
CREATE TABLE agences (
    id              INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid             CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    name            VARCHAR(255) NOT NULL,
    city            VARCHAR(100) NOT NULL,
    address         VARCHAR(255) NULL,
    phone_number    VARCHAR(255) NULL,
    -- Set when the agency is a carrier's own depot.
    transporteur_id INT NULL,
    created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version         INT NOT NULL DEFAULT 1,
    deleted_at      DATETIME(6) NULL,
    UNIQUE KEY uq_agences_uid (uid),
    KEY idx_agences_city (city),
    KEY idx_agences_transporteur (transporteur_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(name) >= 1),
    CHECK (CHAR_LENGTH(city) >= 1),
    FOREIGN KEY (transporteur_id) REFERENCES transporteurs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE comptes ADD FOREIGN KEY (agence_id) REFERENCES agences (id);

-- Counter clerks (role `agent`): the seed has no profile for them (addition). Their agency is
-- comptes.agence_id, which every staff account has; the profile does not repeat it.
CREATE TABLE agents (
    id           INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid          CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    first_name   VARCHAR(255) NOT NULL,
    last_name    VARCHAR(255) NOT NULL,
    phone_number VARCHAR(255) NULL,
    compte_id    INT NOT NULL,
    created_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at   DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version      INT NOT NULL DEFAULT 1,
    deleted_at   DATETIME(6) NULL,
    UNIQUE KEY uq_agents_uid (uid),
    UNIQUE KEY uq_agents_compte (compte_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    FOREIGN KEY (compte_id) REFERENCES comptes (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Desk installations = sync nodes (addition). `is_local` only means something in a desk's own
-- SQLite database; centrally it stays 0.
CREATE TABLE desk_nodes (
    id              INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid             CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    name            VARCHAR(255) NOT NULL,
    agence_id       INT NULL,
    app_version     VARCHAR(50) NULL,
    registered_at   DATETIME(6) NOT NULL,
    last_contact_at DATETIME(6) NULL,
    is_local        BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version         INT NOT NULL DEFAULT 1,
    deleted_at      DATETIME(6) NULL,
    UNIQUE KEY uq_desk_nodes_uid (uid),
    KEY idx_desk_nodes_agence (agence_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(name) >= 1),
    CHECK (is_local IN (0, 1)),
    FOREIGN KEY (agence_id) REFERENCES agences (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Carriers' service: zones and trajets
-- ---------------------------------------------------------------------------------------------

CREATE TABLE zones_desservies (
    id                  INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                 CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    city_name           VARCHAR(255) NOT NULL,
    region              VARCHAR(255) NULL,
    zone_type           VARCHAR(50) NOT NULL DEFAULT 'both',
    service_frequency   VARCHAR(50) NULL,
    max_weight_capacity DECIMAL(8,2) NULL,
    transporteur_id     INT NOT NULL,
    created_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at          DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version             INT NOT NULL DEFAULT 1,
    deleted_at          DATETIME(6) NULL,
    UNIQUE KEY uq_zones_desservies_uid (uid),
    UNIQUE KEY uq_zones_desservies_city_transporteur (city_name, transporteur_id),
    KEY idx_zones_desservies_city_name (city_name),
    KEY idx_zones_desservies_transporteur (transporteur_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(city_name) >= 1),
    CHECK (zone_type IN ('pickup_only', 'delivery_only', 'both')),
    CHECK (service_frequency IS NULL OR service_frequency IN ('daily', 'weekly', 'monthly', 'on_demand')),
    CHECK (max_weight_capacity IS NULL OR max_weight_capacity >= 0),
    FOREIGN KEY (transporteur_id) REFERENCES transporteurs (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE trajets (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    departure_city     VARCHAR(100) NOT NULL,
    arrival_city       VARCHAR(100) NOT NULL,
    departure_time     DATETIME(6) NOT NULL,
    price              DECIMAL(10,2) NOT NULL,
    seats_count        INT NOT NULL DEFAULT 1,
    available_seats    INT NOT NULL DEFAULT 1,
    status             VARCHAR(20) NOT NULL DEFAULT 'active',
    accepts_packages   BOOLEAN NOT NULL DEFAULT TRUE,
    max_package_weight DECIMAL(8,2) NULL,
    departure_point    VARCHAR(200) NULL,
    arrival_point      VARCHAR(200) NULL,
    transporteur_id    INT NOT NULL,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_trajets_uid (uid),
    KEY idx_trajets_route (departure_city, arrival_city, departure_time),
    KEY idx_trajets_arrival_city (arrival_city),
    KEY idx_trajets_departure_time (departure_time),
    KEY idx_trajets_transporteur (transporteur_id, departure_time),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(departure_city) >= 1),
    CHECK (CHAR_LENGTH(arrival_city) >= 1),
    CHECK (price >= 0),
    CHECK (seats_count BETWEEN 1 AND 50),
    CHECK (available_seats >= 0),
    CHECK (available_seats <= seats_count),
    CHECK (status IN ('active', 'cancelled', 'completed', 'suspended')),
    CHECK (accepts_packages IN (0, 1)),
    CHECK (max_package_weight IS NULL OR max_package_weight >= 0),
    FOREIGN KEY (transporteur_id) REFERENCES transporteurs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Cash drawer
-- ---------------------------------------------------------------------------------------------

CREATE TABLE cash_sessions (
    id            INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid           CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    compte_id     INT NOT NULL,
    agence_id     INT NULL,
    desk_node_id  INT NULL,
    opened_at     DATETIME(6) NOT NULL,
    opening_float DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    closed_at     DATETIME(6) NULL,
    expected_cash DECIMAL(10,2) NULL,
    counted_cash  DECIMAL(10,2) NULL,
    status        VARCHAR(20) NOT NULL DEFAULT 'open',
    notes         VARCHAR(1000) NULL,
    created_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at    DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version       INT NOT NULL DEFAULT 1,
    deleted_at    DATETIME(6) NULL,
    UNIQUE KEY uq_cash_sessions_uid (uid),
    KEY idx_cash_sessions_compte (compte_id, status),
    KEY idx_cash_sessions_agence (agence_id, opened_at),
    KEY idx_cash_sessions_desk_node (desk_node_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (opening_float >= 0),
    CHECK (counted_cash IS NULL OR counted_cash >= 0),
    CHECK (status IN ('open', 'closed')),
    CHECK ((status = 'open' AND closed_at IS NULL)
        OR (status = 'closed' AND closed_at IS NOT NULL AND expected_cash IS NOT NULL AND counted_cash IS NOT NULL)),
    FOREIGN KEY (compte_id) REFERENCES comptes (id),
    FOREIGN KEY (agence_id) REFERENCES agences (id),
    FOREIGN KEY (desk_node_id) REFERENCES desk_nodes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Sales: reservations, seats, cancellations
-- ---------------------------------------------------------------------------------------------

CREATE TABLE reservations (
    id                       INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                      CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    booking_reference        VARCHAR(32) NOT NULL,
    reservation_date         DATETIME(6) NOT NULL,
    passenger_first_name     VARCHAR(255) NOT NULL,
    passenger_last_name      VARCHAR(255) NOT NULL,
    phone_number             VARCHAR(255) NOT NULL,
    status                   VARCHAR(20) NOT NULL DEFAULT 'pending',
    seats_reserved           INT NOT NULL DEFAULT 1,
    refundable_option        BOOLEAN NOT NULL DEFAULT FALSE,
    refund_supplement_amount DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    total_amount             DECIMAL(10,2) NOT NULL,
    trajet_id                INT NOT NULL,
    -- NULL = guest reservation (seed)
    compte_id                INT NULL,
    agence_id                INT NULL,
    -- the clerk who sold it; NULL for sales made elsewhere (web platform)
    sold_by                  INT NULL,
    cash_session_id          INT NULL,
    -- the outbound reservation this one is the return leg of
    return_of_reservation_id INT NULL,
    created_at               DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at               DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version                  INT NOT NULL DEFAULT 1,
    deleted_at               DATETIME(6) NULL,
    UNIQUE KEY uq_reservations_uid (uid),
    UNIQUE KEY uq_reservations_booking_reference (booking_reference),
    -- target of reservation_seats' composite foreign key
    UNIQUE KEY uq_reservations_id_trajet (id, trajet_id),
    KEY idx_reservations_trajet (trajet_id, status),
    KEY idx_reservations_compte (compte_id),
    KEY idx_reservations_agence (agence_id, reservation_date),
    KEY idx_reservations_sold_by (sold_by, reservation_date),
    KEY idx_reservations_cash_session (cash_session_id),
    KEY idx_reservations_return_of (return_of_reservation_id),
    KEY idx_reservations_phone (phone_number),
    KEY idx_reservations_date (reservation_date),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(booking_reference) >= 1),
    CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'refunded')),
    CHECK (seats_reserved BETWEEN 1 AND 50),
    CHECK (refundable_option IN (0, 1)),
    CHECK (refund_supplement_amount >= 0),
    CHECK (total_amount >= 0),
    CHECK (refundable_option = 1 OR refund_supplement_amount = 0),
    FOREIGN KEY (trajet_id) REFERENCES trajets (id),
    FOREIGN KEY (compte_id) REFERENCES comptes (id),
    FOREIGN KEY (agence_id) REFERENCES agences (id),
    FOREIGN KEY (sold_by) REFERENCES comptes (id),
    FOREIGN KEY (cash_session_id) REFERENCES cash_sessions (id),
    FOREIGN KEY (return_of_reservation_id) REFERENCES reservations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Seat numbers per reservation. `active` is 1 while the seat is held or sold and NULL once
-- released; UNIQUE (trajet_id, seat_number, active) then forbids two live holders of a seat
-- while released rows (NULL) never collide.
CREATE TABLE reservation_seats (
    id             INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid            CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    reservation_id INT NOT NULL,
    trajet_id      INT NOT NULL,
    seat_number    INT NOT NULL,
    active         TINYINT NULL DEFAULT 1,
    released_at    DATETIME(6) NULL,
    created_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version        INT NOT NULL DEFAULT 1,
    deleted_at     DATETIME(6) NULL,
    UNIQUE KEY uq_reservation_seats_uid (uid),
    UNIQUE KEY uq_reservation_seats_live_seat (trajet_id, seat_number, active),
    KEY idx_reservation_seats_reservation (reservation_id, trajet_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (seat_number BETWEEN 1 AND 50),
    CHECK (active = 1),
    CHECK ((active IS NOT NULL AND released_at IS NULL) OR (active IS NULL AND released_at IS NOT NULL)),
    FOREIGN KEY (trajet_id) REFERENCES trajets (id),
    -- the seat's trajet is the reservation's trajet
    FOREIGN KEY (reservation_id, trajet_id) REFERENCES reservations (id, trajet_id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Parcels
-- ---------------------------------------------------------------------------------------------

CREATE TABLE envois (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    tracking_code      VARCHAR(32) NOT NULL,
    description        VARCHAR(255) NOT NULL,
    status             VARCHAR(20) NOT NULL DEFAULT 'pending',
    expediteur_id      INT NOT NULL,
    recipient_name     VARCHAR(255) NOT NULL,
    recipient_phone    VARCHAR(255) NOT NULL,
    destination_city   VARCHAR(100) NOT NULL,
    -- hash of the code the recipient shows at delivery; the code itself is never stored
    delivery_code_hash VARCHAR(255) NULL,
    payment_mode       VARCHAR(20) NOT NULL DEFAULT 'at_intake',
    transporteur_id    INT NOT NULL,
    compte_id          INT NOT NULL,
    -- the agency that took the parcel in, and the staff member who logged it
    agence_id          INT NULL,
    created_by         INT NULL,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_envois_uid (uid),
    UNIQUE KEY uq_envois_tracking_code (tracking_code),
    KEY idx_envois_transporteur (transporteur_id, status),
    KEY idx_envois_expediteur (expediteur_id),
    KEY idx_envois_compte (compte_id),
    KEY idx_envois_agence (agence_id, created_at),
    KEY idx_envois_created_by (created_by),
    KEY idx_envois_recipient_phone (recipient_phone),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(tracking_code) >= 1),
    CHECK (status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    CHECK (CHAR_LENGTH(destination_city) >= 1),
    CHECK (payment_mode IN ('at_intake', 'on_delivery')),
    FOREIGN KEY (expediteur_id) REFERENCES utilisateurs (id),
    FOREIGN KEY (transporteur_id) REFERENCES transporteurs (id),
    FOREIGN KEY (compte_id) REFERENCES comptes (id),
    FOREIGN KEY (agence_id) REFERENCES agences (id),
    FOREIGN KEY (created_by) REFERENCES comptes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE colis (
    id             INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid            CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    -- label code of the piece (NULL until a label is printed)
    tracking_code  VARCHAR(32) NULL,
    description    VARCHAR(255) NOT NULL,
    weight         DECIMAL(8,2) NOT NULL,
    dimensions     VARCHAR(255) NULL,
    length_cm      INT NULL,
    width_cm       INT NULL,
    height_cm      INT NULL,
    shipping_cost  DECIMAL(10,2) NOT NULL,
    declared_value DECIMAL(10,2) NULL,
    fragile        BOOLEAN NOT NULL DEFAULT FALSE,
    express        BOOLEAN NOT NULL DEFAULT FALSE,
    status         VARCHAR(20) NOT NULL DEFAULT 'pending',
    envoi_id       INT NOT NULL,
    -- the departure the piece is loaded on
    trajet_id      INT NULL,
    created_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version        INT NOT NULL DEFAULT 1,
    deleted_at     DATETIME(6) NULL,
    UNIQUE KEY uq_colis_uid (uid),
    UNIQUE KEY uq_colis_tracking_code (tracking_code),
    KEY idx_colis_envoi (envoi_id),
    KEY idx_colis_trajet (trajet_id),
    KEY idx_colis_status (status),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (tracking_code IS NULL OR CHAR_LENGTH(tracking_code) >= 1),
    CHECK (weight >= 0),
    CHECK (length_cm IS NULL OR length_cm > 0),
    CHECK (width_cm IS NULL OR width_cm > 0),
    CHECK (height_cm IS NULL OR height_cm > 0),
    CHECK (shipping_cost >= 0),
    CHECK (declared_value IS NULL OR declared_value >= 0),
    CHECK (fragile IN (0, 1)),
    CHECK (express IN (0, 1)),
    CHECK (status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    FOREIGN KEY (envoi_id) REFERENCES envois (id),
    FOREIGN KEY (trajet_id) REFERENCES trajets (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE envoi_status_history (
    id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid         CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    envoi_id    INT NOT NULL,
    -- NULL for the creation entry
    from_status VARCHAR(20) NULL,
    to_status   VARCHAR(20) NOT NULL,
    changed_by  INT NULL,
    changed_at  DATETIME(6) NOT NULL,
    agence_id   INT NULL,
    note        VARCHAR(1000) NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     INT NOT NULL DEFAULT 1,
    deleted_at  DATETIME(6) NULL,
    UNIQUE KEY uq_envoi_status_history_uid (uid),
    KEY idx_envoi_status_history_envoi (envoi_id, changed_at),
    KEY idx_envoi_status_history_changed_by (changed_by),
    KEY idx_envoi_status_history_agence (agence_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (from_status IS NULL OR from_status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    CHECK (to_status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    FOREIGN KEY (envoi_id) REFERENCES envois (id) ON DELETE CASCADE,
    FOREIGN KEY (changed_by) REFERENCES comptes (id),
    FOREIGN KEY (agence_id) REFERENCES agences (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE colis_status_history (
    id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid         CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    colis_id    INT NOT NULL,
    from_status VARCHAR(20) NULL,
    to_status   VARCHAR(20) NOT NULL,
    changed_by  INT NULL,
    changed_at  DATETIME(6) NOT NULL,
    agence_id   INT NULL,
    trajet_id   INT NULL,
    note        VARCHAR(1000) NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     INT NOT NULL DEFAULT 1,
    deleted_at  DATETIME(6) NULL,
    UNIQUE KEY uq_colis_status_history_uid (uid),
    KEY idx_colis_status_history_colis (colis_id, changed_at),
    KEY idx_colis_status_history_changed_by (changed_by),
    KEY idx_colis_status_history_agence (agence_id),
    KEY idx_colis_status_history_trajet (trajet_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (from_status IS NULL OR from_status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    CHECK (to_status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    FOREIGN KEY (colis_id) REFERENCES colis (id) ON DELETE CASCADE,
    FOREIGN KEY (changed_by) REFERENCES comptes (id),
    FOREIGN KEY (agence_id) REFERENCES agences (id),
    FOREIGN KEY (trajet_id) REFERENCES trajets (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Parcel price grid. transporteur_id NULL = platform default; from_city / to_city / zone NULL
-- = any. Weights in grams (exact integer bounds), amounts DECIMAL(10,2); supplements are flat
-- amounts per piece.
CREATE TABLE parcel_tariffs (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    transporteur_id    INT NULL,
    from_city          VARCHAR(100) NULL,
    to_city            VARCHAR(100) NULL,
    zone               VARCHAR(100) NULL,
    weight_min_g       INT NOT NULL DEFAULT 0,
    -- exclusive upper bound; NULL = no upper bound
    weight_max_g       INT NULL,
    base_price         DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    price_per_kg       DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    min_charge         DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    -- cm3 per kg for volumetric weight (e.g. 5000); NULL = volumetric weight not used
    volumetric_divisor INT NULL,
    fragile_supplement DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    express_supplement DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    active             BOOLEAN NOT NULL DEFAULT TRUE,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_parcel_tariffs_uid (uid),
    KEY idx_parcel_tariffs_lookup (transporteur_id, from_city, to_city),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (from_city IS NULL OR CHAR_LENGTH(from_city) >= 1),
    CHECK (to_city IS NULL OR CHAR_LENGTH(to_city) >= 1),
    CHECK (zone IS NULL OR CHAR_LENGTH(zone) >= 1),
    CHECK (weight_min_g >= 0),
    CHECK (weight_max_g IS NULL OR weight_max_g > weight_min_g),
    CHECK (base_price >= 0),
    CHECK (price_per_kg >= 0),
    CHECK (min_charge >= 0),
    CHECK (volumetric_divisor IS NULL OR volumetric_divisor > 0),
    CHECK (fragile_supplement >= 0),
    CHECK (express_supplement >= 0),
    CHECK (active IN (0, 1)),
    FOREIGN KEY (transporteur_id) REFERENCES transporteurs (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Payments
-- ---------------------------------------------------------------------------------------------

-- A payment settles either a reservation or an envoi (exactly one). The two foreign keys carry
-- no referential action: MySQL 8 forbids one on a column that a CHECK constraint reads.
CREATE TABLE paiements (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    amount             DECIMAL(10,2) NOT NULL,
    status             VARCHAR(20) NOT NULL DEFAULT 'pending',
    payment_date       DATETIME(6) NOT NULL,
    method             VARCHAR(20) NOT NULL,
    -- mobile money / card provider and its reference (tokens only: never a card number)
    provider           VARCHAR(50) NULL,
    provider_reference VARCHAR(100) NULL,
    idempotency_key    VARCHAR(100) NULL,
    reservation_id     INT NULL,
    envoi_id           INT NULL,
    cash_session_id    INT NULL,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_paiements_uid (uid),
    UNIQUE KEY uq_paiements_idempotency_key (idempotency_key),
    UNIQUE KEY uq_paiements_provider_reference (provider, provider_reference),
    KEY idx_paiements_reservation (reservation_id),
    KEY idx_paiements_envoi (envoi_id),
    KEY idx_paiements_cash_session (cash_session_id),
    KEY idx_paiements_date (payment_date),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (amount >= 0),
    CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    CHECK (method IN ('cash', 'mobile_money', 'card')),
    CHECK (provider IS NULL OR CHAR_LENGTH(provider) >= 1),
    CHECK (provider_reference IS NULL OR CHAR_LENGTH(provider_reference) >= 1),
    CHECK (idempotency_key IS NULL OR CHAR_LENGTH(idempotency_key) >= 1),
    CHECK ((reservation_id IS NOT NULL AND envoi_id IS NULL)
        OR (reservation_id IS NULL AND envoi_id IS NOT NULL)),
    FOREIGN KEY (reservation_id) REFERENCES reservations (id),
    FOREIGN KEY (envoi_id) REFERENCES envois (id),
    FOREIGN KEY (cash_session_id) REFERENCES cash_sessions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Every attempt, success, failure, refund... of a payment, for audit. Append-only.
CREATE TABLE payment_logs (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    paiement_id        INT NOT NULL,
    event              VARCHAR(20) NOT NULL,
    amount             DECIMAL(10,2) NULL,
    provider_reference VARCHAR(100) NULL,
    message            VARCHAR(2000) NULL,
    actor_compte_id    INT NULL,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_payment_logs_uid (uid),
    KEY idx_payment_logs_paiement (paiement_id, created_at),
    KEY idx_payment_logs_created_at (created_at),
    KEY idx_payment_logs_actor (actor_compte_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (event IN ('attempt', 'success', 'failure', 'refund', 'reconciliation', 'timeout')),
    CHECK (amount IS NULL OR amount >= 0),
    FOREIGN KEY (paiement_id) REFERENCES paiements (id),
    FOREIGN KEY (actor_compte_id) REFERENCES comptes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE annulations (
    id              INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid             CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    reservation_id  INT NOT NULL,
    cancelled_at    DATETIME(6) NOT NULL,
    -- NULL = by the system (e.g. the trajet itself was cancelled)
    cancelled_by    INT NULL,
    reason          VARCHAR(1000) NOT NULL,
    refund_amount   DECIMAL(10,2) NOT NULL DEFAULT 0.00,
    refund_method   VARCHAR(20) NULL,
    -- the payment refunded, and the till the cash came out of
    paiement_id     INT NULL,
    cash_session_id INT NULL,
    created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version         INT NOT NULL DEFAULT 1,
    deleted_at      DATETIME(6) NULL,
    UNIQUE KEY uq_annulations_uid (uid),
    UNIQUE KEY uq_annulations_reservation (reservation_id),
    KEY idx_annulations_cancelled_at (cancelled_at),
    KEY idx_annulations_cancelled_by (cancelled_by),
    KEY idx_annulations_paiement (paiement_id),
    KEY idx_annulations_cash_session (cash_session_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(reason) >= 1),
    CHECK (refund_amount >= 0),
    CHECK (refund_method IS NULL OR refund_method IN ('cash', 'mobile_money', 'card')),
    CHECK (refund_amount = 0 OR refund_method IS NOT NULL),
    FOREIGN KEY (reservation_id) REFERENCES reservations (id),
    FOREIGN KEY (cancelled_by) REFERENCES comptes (id),
    FOREIGN KEY (paiement_id) REFERENCES paiements (id),
    FOREIGN KEY (cash_session_id) REFERENCES cash_sessions (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- ---------------------------------------------------------------------------------------------
-- Security, audit, configuration
-- ---------------------------------------------------------------------------------------------

-- `token` holds the SHA-256 hex digest of the revoked token, never the token itself.
CREATE TABLE revoked_tokens (
    id         INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid        CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    token      CHAR(64) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL,
    user_id    INT NOT NULL,
    revoked_at DATETIME(6) NOT NULL,
    expires_at DATETIME(6) NOT NULL,
    reason     VARCHAR(255) NULL DEFAULT 'logout',
    created_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version    INT NOT NULL DEFAULT 1,
    deleted_at DATETIME(6) NULL,
    UNIQUE KEY uq_revoked_tokens_uid (uid),
    -- (the seed's index on `token`)
    UNIQUE KEY uq_revoked_tokens_token (token),
    KEY idx_revoked_tokens_user (user_id),
    KEY idx_revoked_tokens_expires_at (expires_at),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(token) = 64),
    FOREIGN KEY (user_id) REFERENCES comptes (id) ON DELETE CASCADE
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Administration / audit log: who did what, when, to which record. `details` is JSON kept in
-- a LONGTEXT checked by JSON_VALID (MySQL 8's JSON type does not decode as a String in sqlx).
CREATE TABLE admin_logs (
    id              INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid             CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    -- NULL = the system itself (e.g. first-run setup)
    actor_compte_id INT NULL,
    action          VARCHAR(100) NOT NULL,
    entity_type     VARCHAR(50) NULL,
    entity_uid      VARCHAR(255) NULL,
    details         LONGTEXT NULL,
    created_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at      DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version         INT NOT NULL DEFAULT 1,
    deleted_at      DATETIME(6) NULL,
    UNIQUE KEY uq_admin_logs_uid (uid),
    KEY idx_admin_logs_created_at (created_at),
    KEY idx_admin_logs_actor (actor_compte_id, created_at),
    KEY idx_admin_logs_entity (entity_type, entity_uid),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(action) >= 1),
    CHECK (details IS NULL OR JSON_VALID(details)),
    FOREIGN KEY (actor_compte_id) REFERENCES comptes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

CREATE TABLE system_config (
    id          INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid         CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    `key`       VARCHAR(100) NOT NULL,
    value       TEXT NOT NULL,
    description TEXT NULL,
    updated_by  INT NULL,
    created_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at  DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version     INT NOT NULL DEFAULT 1,
    deleted_at  DATETIME(6) NULL,
    UNIQUE KEY uq_system_config_uid (uid),
    UNIQUE KEY uq_system_config_key (`key`),
    KEY idx_system_config_updated_by (updated_by),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (CHAR_LENGTH(`key`) >= 1),
    FOREIGN KEY (updated_by) REFERENCES comptes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;
