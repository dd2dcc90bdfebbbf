-- Billettigue Desk: the desk's local SQLite schema.
--
-- Reference: "Documentation Base de Données - Billettigue" (the seed) plus the additions
-- described in docs/schema.md. Every deviation from the seed is listed there with its reason.
--
-- Conventions (every table):
--   id          INTEGER PRIMARY KEY AUTOINCREMENT   local row id, never sent over sync
--   uid         TEXT(36) NOT NULL UNIQUE              UUIDv7, hyphenated: the global id sync speaks
--   created_at  TEXT NOT NULL                         RFC 3339 UTC as sqlx/chrono writes it
--   updated_at  TEXT NOT NULL                         (e.g. 2026-11-21T21:30:00.123456+00:00)
--   version     INTEGER NOT NULL DEFAULT 1            bumped by every UPDATE
--   deleted_at  TEXT NULL                             soft deletion
-- Money: INTEGER hundredths ("cents"). Weights: INTEGER grams. Booleans: INTEGER 0/1.
-- Tables are STRICT: a float bound to a money column, or a BLOB bound to a TEXT uid, is an error.
-- Length CHECKs mirror the VARCHAR sizes of the central MySQL schema, and COLLATE NOCASE its
-- case-insensitive comparisons (emails, cities, codes), so that a row the desk accepts is never
-- refused centrally.

-- ---------------------------------------------------------------------------------------------
-- Roles and permissions
-- ---------------------------------------------------------------------------------------------

CREATE TABLE roles (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    name        TEXT    NOT NULL UNIQUE CHECK (name IN ('admin', 'agent', 'transporteur', 'user')),
    description TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at  TEXT
) STRICT;

CREATE TABLE permissions (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    code        TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(code) BETWEEN 1 AND 100),
    description TEXT,
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at  TEXT
) STRICT;

CREATE TABLE role_permissions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    role_id       INTEGER NOT NULL REFERENCES roles (id) ON DELETE CASCADE,
    permission_id INTEGER NOT NULL REFERENCES permissions (id) ON DELETE CASCADE,
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at    TEXT,
    UNIQUE (role_id, permission_id)
) STRICT;

CREATE INDEX idx_role_permissions_permission ON role_permissions (permission_id);

-- ---------------------------------------------------------------------------------------------
-- Accounts and profiles
-- ---------------------------------------------------------------------------------------------

CREATE TABLE comptes (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                 TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    -- NULL for walk-in customers; staff always have one (enforced in Rust). Case-insensitive,
    -- like the central utf8mb4_unicode_ci column.
    email               TEXT    UNIQUE COLLATE NOCASE CHECK (email IS NULL OR length(email) BETWEEN 3 AND 255),
    -- NULL for customer comptes created at the counter: they cannot sign in.
    password_hash       TEXT    CHECK (password_hash IS NULL OR length(password_hash) <= 255),
    status              TEXT    NOT NULL DEFAULT 'active'
                                CHECK (status IN ('active', 'inactive', 'suspended', 'deleted')),
    email_verified      INTEGER NOT NULL DEFAULT 0 CHECK (email_verified IN (0, 1)),
    phone_verified      INTEGER NOT NULL DEFAULT 0 CHECK (phone_verified IN (0, 1)),
    last_login          TEXT,
    login_attempts      INTEGER NOT NULL DEFAULT 0 CHECK (login_attempts >= 0),
    failed_logins       INTEGER NOT NULL DEFAULT 0 CHECK (failed_logins >= 0),
    last_failed_login   TEXT,
    account_locked      INTEGER NOT NULL DEFAULT 0 CHECK (account_locked IN (0, 1)),
    password_changed_at TEXT,
    role_id             INTEGER NOT NULL REFERENCES roles (id),
    agence_id           INTEGER REFERENCES agences (id),
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at          TEXT
) STRICT;

CREATE INDEX idx_comptes_role ON comptes (role_id);
CREATE INDEX idx_comptes_agence ON comptes (agence_id);

-- Customers (role `user`): passengers and parcel senders.
CREATE TABLE utilisateurs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    last_name    TEXT    NOT NULL CHECK (length(last_name) <= 255),
    first_name   TEXT    NOT NULL CHECK (length(first_name) <= 255),
    phone_number TEXT    NOT NULL CHECK (length(phone_number) <= 255),
    compte_id    INTEGER NOT NULL UNIQUE REFERENCES comptes (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at   TEXT
) STRICT;

CREATE INDEX idx_utilisateurs_phone ON utilisateurs (phone_number);

-- Carriers (role `transporteur`).
CREATE TABLE transporteurs (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    phone_number TEXT    NOT NULL CHECK (length(phone_number) <= 255),
    company_name TEXT    CHECK (company_name IS NULL OR length(company_name) <= 255),
    company_type TEXT    NOT NULL DEFAULT 'mixte' CHECK (company_type IN ('mixte', 'passagers', 'colis')),
    -- The person operating the carrier office account (addition).
    first_name   TEXT    CHECK (first_name IS NULL OR length(first_name) <= 255),
    last_name    TEXT    CHECK (last_name IS NULL OR length(last_name) <= 255),
    compte_id    INTEGER NOT NULL UNIQUE REFERENCES comptes (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at   TEXT
) STRICT;

CREATE TABLE administrateurs (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uid        TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    last_name  TEXT    NOT NULL CHECK (length(last_name) <= 255),
    first_name TEXT    NOT NULL CHECK (length(first_name) <= 255),
    compte_id  INTEGER NOT NULL UNIQUE REFERENCES comptes (id) ON DELETE CASCADE,
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at TEXT
) STRICT;

-- Agencies / counters / depots (addition).
CREATE TABLE agences (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    city            TEXT    NOT NULL COLLATE NOCASE CHECK (length(city) BETWEEN 1 AND 100),
    address         TEXT    CHECK (address IS NULL OR length(address) <= 255),
    phone_number    TEXT    CHECK (phone_number IS NULL OR length(phone_number) <= 255),
    -- Set when the agency is a carrier's own depot.
    transporteur_id INTEGER REFERENCES transporteurs (id),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT
) STRICT;

CREATE INDEX idx_agences_city ON agences (city);
CREATE INDEX idx_agences_transporteur ON agences (transporteur_id);

-- Counter clerks (role `agent`): the seed has no profile for them (addition). Their agency is
-- comptes.agence_id, which every staff account has; the profile does not repeat it.
CREATE TABLE agents (
    id           INTEGER PRIMARY KEY AUTOINCREMENT,
    uid          TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    first_name   TEXT    NOT NULL CHECK (length(first_name) <= 255),
    last_name    TEXT    NOT NULL CHECK (length(last_name) <= 255),
    phone_number TEXT    CHECK (phone_number IS NULL OR length(phone_number) <= 255),
    compte_id    INTEGER NOT NULL UNIQUE REFERENCES comptes (id) ON DELETE CASCADE,
    created_at   TEXT    NOT NULL,
    updated_at   TEXT    NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at   TEXT
) STRICT;


-- Desk installations = sync nodes (addition).
CREATE TABLE desk_nodes (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    name            TEXT    NOT NULL CHECK (length(name) BETWEEN 1 AND 255),
    agence_id       INTEGER REFERENCES agences (id),
    app_version     TEXT    CHECK (app_version IS NULL OR length(app_version) <= 50),
    registered_at   TEXT    NOT NULL,
    last_contact_at TEXT,
    -- 1 for the row describing this desk itself (meaningful locally only).
    is_local        INTEGER NOT NULL DEFAULT 0 CHECK (is_local IN (0, 1)),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT
) STRICT;

-- A desk describes itself once.
CREATE UNIQUE INDEX uq_desk_nodes_local ON desk_nodes (is_local) WHERE is_local = 1;
CREATE INDEX idx_desk_nodes_agence ON desk_nodes (agence_id);

-- ---------------------------------------------------------------------------------------------
-- Carriers' service: zones and trajets
-- ---------------------------------------------------------------------------------------------

CREATE TABLE zones_desservies (
    id                  INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                 TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    city_name           TEXT    NOT NULL COLLATE NOCASE CHECK (length(city_name) BETWEEN 1 AND 255),
    region              TEXT    CHECK (region IS NULL OR length(region) <= 255),
    zone_type           TEXT    NOT NULL DEFAULT 'both'
                                CHECK (zone_type IN ('pickup_only', 'delivery_only', 'both')),
    service_frequency   TEXT    CHECK (service_frequency IS NULL
                                       OR service_frequency IN ('daily', 'weekly', 'monthly', 'on_demand')),
    -- grams (seed: DECIMAL(8,2) kg)
    max_weight_capacity INTEGER CHECK (max_weight_capacity IS NULL OR max_weight_capacity >= 0),
    transporteur_id     INTEGER NOT NULL REFERENCES transporteurs (id) ON DELETE CASCADE,
    created_at          TEXT    NOT NULL,
    updated_at          TEXT    NOT NULL,
    version             INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at          TEXT,
    UNIQUE (city_name, transporteur_id)
) STRICT;

CREATE INDEX idx_zones_desservies_city_name ON zones_desservies (city_name);
CREATE INDEX idx_zones_desservies_transporteur ON zones_desservies (transporteur_id);

CREATE TABLE trajets (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    departure_city     TEXT    NOT NULL COLLATE NOCASE CHECK (length(departure_city) BETWEEN 1 AND 100),
    arrival_city       TEXT    NOT NULL COLLATE NOCASE CHECK (length(arrival_city) BETWEEN 1 AND 100),
    departure_time     TEXT    NOT NULL,
    -- cents (seed: DECIMAL(10,2))
    price              INTEGER NOT NULL CHECK (price >= 0),
    seats_count        INTEGER NOT NULL DEFAULT 1 CHECK (seats_count BETWEEN 1 AND 50),
    available_seats    INTEGER NOT NULL DEFAULT 1 CHECK (available_seats >= 0),
    status             TEXT    NOT NULL DEFAULT 'active'
                               CHECK (status IN ('active', 'cancelled', 'completed', 'suspended')),
    accepts_packages   INTEGER NOT NULL DEFAULT 1 CHECK (accepts_packages IN (0, 1)),
    -- grams (seed: DECIMAL(8,2) kg)
    max_package_weight INTEGER CHECK (max_package_weight IS NULL OR max_package_weight >= 0),
    departure_point    TEXT    CHECK (departure_point IS NULL OR length(departure_point) <= 200),
    arrival_point      TEXT    CHECK (arrival_point IS NULL OR length(arrival_point) <= 200),
    transporteur_id    INTEGER NOT NULL REFERENCES transporteurs (id),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT,
    CHECK (available_seats <= seats_count)
) STRICT;

CREATE INDEX idx_trajets_route ON trajets (departure_city, arrival_city, departure_time);
CREATE INDEX idx_trajets_arrival_city ON trajets (arrival_city);
CREATE INDEX idx_trajets_departure_time ON trajets (departure_time);
CREATE INDEX idx_trajets_transporteur ON trajets (transporteur_id, departure_time);

-- ---------------------------------------------------------------------------------------------
-- Cash drawer
-- ---------------------------------------------------------------------------------------------

CREATE TABLE cash_sessions (
    id            INTEGER PRIMARY KEY AUTOINCREMENT,
    uid           TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    compte_id     INTEGER NOT NULL REFERENCES comptes (id),
    agence_id     INTEGER REFERENCES agences (id),
    desk_node_id  INTEGER REFERENCES desk_nodes (id),
    opened_at     TEXT    NOT NULL,
    -- cents
    opening_float INTEGER NOT NULL DEFAULT 0 CHECK (opening_float >= 0),
    closed_at     TEXT,
    expected_cash INTEGER,
    counted_cash  INTEGER CHECK (counted_cash IS NULL OR counted_cash >= 0),
    status        TEXT    NOT NULL DEFAULT 'open' CHECK (status IN ('open', 'closed')),
    notes         TEXT    CHECK (notes IS NULL OR length(notes) <= 1000),
    created_at    TEXT    NOT NULL,
    updated_at    TEXT    NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at    TEXT,
    CHECK ((status = 'open' AND closed_at IS NULL)
        OR (status = 'closed' AND closed_at IS NOT NULL AND expected_cash IS NOT NULL AND counted_cash IS NOT NULL))
) STRICT;

CREATE INDEX idx_cash_sessions_compte ON cash_sessions (compte_id, status);
CREATE INDEX idx_cash_sessions_agence ON cash_sessions (agence_id, opened_at);
CREATE INDEX idx_cash_sessions_desk_node ON cash_sessions (desk_node_id);

-- ---------------------------------------------------------------------------------------------
-- Sales: reservations, seats, cancellations
-- ---------------------------------------------------------------------------------------------

CREATE TABLE reservations (
    id                       INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                      TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    booking_reference        TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(booking_reference) BETWEEN 1 AND 32),
    reservation_date         TEXT    NOT NULL,
    passenger_first_name     TEXT    NOT NULL CHECK (length(passenger_first_name) <= 255),
    passenger_last_name      TEXT    NOT NULL CHECK (length(passenger_last_name) <= 255),
    phone_number             TEXT    NOT NULL CHECK (length(phone_number) <= 255),
    status                   TEXT    NOT NULL DEFAULT 'pending'
                                     CHECK (status IN ('pending', 'confirmed', 'cancelled', 'completed', 'refunded')),
    seats_reserved           INTEGER NOT NULL DEFAULT 1 CHECK (seats_reserved BETWEEN 1 AND 50),
    refundable_option        INTEGER NOT NULL DEFAULT 0 CHECK (refundable_option IN (0, 1)),
    -- cents
    refund_supplement_amount INTEGER NOT NULL DEFAULT 0 CHECK (refund_supplement_amount >= 0),
    total_amount             INTEGER NOT NULL CHECK (total_amount >= 0),
    trajet_id                INTEGER NOT NULL REFERENCES trajets (id),
    -- NULL = guest reservation (seed)
    compte_id                INTEGER REFERENCES comptes (id),
    agence_id                INTEGER REFERENCES agences (id),
    -- the clerk who sold it; NULL for sales made elsewhere (web platform)
    sold_by                  INTEGER REFERENCES comptes (id),
    cash_session_id          INTEGER REFERENCES cash_sessions (id),
    -- the outbound reservation this one is the return leg of
    return_of_reservation_id INTEGER REFERENCES reservations (id),
    created_at               TEXT    NOT NULL,
    updated_at               TEXT    NOT NULL,
    version                  INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at               TEXT,
    CHECK (refundable_option = 1 OR refund_supplement_amount = 0),
    -- target of reservation_seats' composite foreign key
    UNIQUE (id, trajet_id)
) STRICT;

CREATE INDEX idx_reservations_trajet ON reservations (trajet_id, status);
CREATE INDEX idx_reservations_compte ON reservations (compte_id);
CREATE INDEX idx_reservations_agence ON reservations (agence_id, reservation_date);
CREATE INDEX idx_reservations_sold_by ON reservations (sold_by, reservation_date);
CREATE INDEX idx_reservations_cash_session ON reservations (cash_session_id);
CREATE INDEX idx_reservations_return_of ON reservations (return_of_reservation_id);
CREATE INDEX idx_reservations_phone ON reservations (phone_number);
CREATE INDEX idx_reservations_date ON reservations (reservation_date);

-- Seat numbers per reservation. `active` is 1 while the seat is held or sold and NULL once
-- released; UNIQUE (trajet_id, seat_number, active) then forbids two live holders of a seat
-- while released rows (NULL) never collide - in SQLite and MySQL alike, without partial indexes.
CREATE TABLE reservation_seats (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    reservation_id INTEGER NOT NULL,
    trajet_id      INTEGER NOT NULL REFERENCES trajets (id),
    seat_number    INTEGER NOT NULL CHECK (seat_number BETWEEN 1 AND 50),
    active         INTEGER DEFAULT 1 CHECK (active = 1),
    released_at    TEXT,
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at     TEXT,
    CHECK ((active IS NOT NULL AND released_at IS NULL) OR (active IS NULL AND released_at IS NOT NULL)),
    UNIQUE (trajet_id, seat_number, active),
    -- the seat's trajet is the reservation's trajet
    FOREIGN KEY (reservation_id, trajet_id) REFERENCES reservations (id, trajet_id) ON DELETE CASCADE
) STRICT;

CREATE INDEX idx_reservation_seats_reservation ON reservation_seats (reservation_id, trajet_id);

CREATE TABLE annulations (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    reservation_id  INTEGER NOT NULL UNIQUE REFERENCES reservations (id),
    cancelled_at    TEXT    NOT NULL,
    -- NULL = by the system (e.g. the trajet itself was cancelled)
    cancelled_by    INTEGER REFERENCES comptes (id),
    reason          TEXT    NOT NULL CHECK (length(reason) BETWEEN 1 AND 1000),
    -- cents
    refund_amount   INTEGER NOT NULL DEFAULT 0 CHECK (refund_amount >= 0),
    refund_method   TEXT    CHECK (refund_method IS NULL OR refund_method IN ('cash', 'mobile_money', 'card')),
    -- the payment refunded, and the till the cash came out of
    paiement_id     INTEGER REFERENCES paiements (id),
    cash_session_id INTEGER REFERENCES cash_sessions (id),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT,
    CHECK (refund_amount = 0 OR refund_method IS NOT NULL)
) STRICT;

CREATE INDEX idx_annulations_cancelled_at ON annulations (cancelled_at);
CREATE INDEX idx_annulations_cancelled_by ON annulations (cancelled_by);
CREATE INDEX idx_annulations_paiement ON annulations (paiement_id);
CREATE INDEX idx_annulations_cash_session ON annulations (cash_session_id);

-- ---------------------------------------------------------------------------------------------
-- Parcels
-- ---------------------------------------------------------------------------------------------

CREATE TABLE envois (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    tracking_code      TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(tracking_code) BETWEEN 1 AND 32),
    description        TEXT    NOT NULL CHECK (length(description) <= 255),
    status             TEXT    NOT NULL DEFAULT 'pending'
                               CHECK (status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    expediteur_id      INTEGER NOT NULL REFERENCES utilisateurs (id),
    recipient_name     TEXT    NOT NULL CHECK (length(recipient_name) <= 255),
    recipient_phone    TEXT    NOT NULL CHECK (length(recipient_phone) <= 255),
    destination_city   TEXT    NOT NULL COLLATE NOCASE CHECK (length(destination_city) BETWEEN 1 AND 100),
    -- hash of the code the recipient shows at delivery; the code itself is never stored
    delivery_code_hash TEXT    CHECK (delivery_code_hash IS NULL OR length(delivery_code_hash) <= 255),
    payment_mode       TEXT    NOT NULL DEFAULT 'at_intake' CHECK (payment_mode IN ('at_intake', 'on_delivery')),
    transporteur_id    INTEGER NOT NULL REFERENCES transporteurs (id),
    compte_id          INTEGER NOT NULL REFERENCES comptes (id),
    -- the agency that took the parcel in, and the staff member who logged it
    agence_id          INTEGER REFERENCES agences (id),
    created_by         INTEGER REFERENCES comptes (id),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT
) STRICT;

CREATE INDEX idx_envois_transporteur ON envois (transporteur_id, status);
CREATE INDEX idx_envois_expediteur ON envois (expediteur_id);
CREATE INDEX idx_envois_compte ON envois (compte_id);
CREATE INDEX idx_envois_agence ON envois (agence_id, created_at);
CREATE INDEX idx_envois_created_by ON envois (created_by);
CREATE INDEX idx_envois_recipient_phone ON envois (recipient_phone);

CREATE TABLE colis (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    -- label code of the piece (NULL until a label is printed)
    tracking_code  TEXT    UNIQUE COLLATE NOCASE CHECK (tracking_code IS NULL OR length(tracking_code) BETWEEN 1 AND 32),
    description    TEXT    NOT NULL CHECK (length(description) <= 255),
    -- grams (seed: DECIMAL(8,2) kg)
    weight         INTEGER NOT NULL CHECK (weight >= 0),
    dimensions     TEXT    CHECK (dimensions IS NULL OR length(dimensions) <= 255),
    length_cm      INTEGER CHECK (length_cm IS NULL OR length_cm > 0),
    width_cm       INTEGER CHECK (width_cm IS NULL OR width_cm > 0),
    height_cm      INTEGER CHECK (height_cm IS NULL OR height_cm > 0),
    -- cents
    shipping_cost  INTEGER NOT NULL CHECK (shipping_cost >= 0),
    declared_value INTEGER CHECK (declared_value IS NULL OR declared_value >= 0),
    fragile        INTEGER NOT NULL DEFAULT 0 CHECK (fragile IN (0, 1)),
    express        INTEGER NOT NULL DEFAULT 0 CHECK (express IN (0, 1)),
    status         TEXT    NOT NULL DEFAULT 'pending'
                           CHECK (status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    envoi_id       INTEGER NOT NULL REFERENCES envois (id),
    -- the departure the piece is loaded on
    trajet_id      INTEGER REFERENCES trajets (id),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at     TEXT
) STRICT;

CREATE INDEX idx_colis_envoi ON colis (envoi_id);
CREATE INDEX idx_colis_trajet ON colis (trajet_id);
CREATE INDEX idx_colis_status ON colis (status);

CREATE TABLE envoi_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    envoi_id    INTEGER NOT NULL REFERENCES envois (id) ON DELETE CASCADE,
    -- NULL for the creation entry
    from_status TEXT    CHECK (from_status IS NULL
                               OR from_status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    to_status   TEXT    NOT NULL
                        CHECK (to_status IN ('pending', 'accepted', 'in_transit', 'delivered', 'cancelled')),
    changed_by  INTEGER REFERENCES comptes (id),
    changed_at  TEXT    NOT NULL,
    agence_id   INTEGER REFERENCES agences (id),
    note        TEXT    CHECK (note IS NULL OR length(note) <= 1000),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at  TEXT
) STRICT;

CREATE INDEX idx_envoi_status_history_envoi ON envoi_status_history (envoi_id, changed_at);
CREATE INDEX idx_envoi_status_history_changed_by ON envoi_status_history (changed_by);
CREATE INDEX idx_envoi_status_history_agence ON envoi_status_history (agence_id);

CREATE TABLE colis_status_history (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    colis_id    INTEGER NOT NULL REFERENCES colis (id) ON DELETE CASCADE,
    from_status TEXT    CHECK (from_status IS NULL
                               OR from_status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    to_status   TEXT    NOT NULL
                        CHECK (to_status IN ('pending', 'packaged', 'shipped', 'delivered', 'lost')),
    changed_by  INTEGER REFERENCES comptes (id),
    changed_at  TEXT    NOT NULL,
    agence_id   INTEGER REFERENCES agences (id),
    trajet_id   INTEGER REFERENCES trajets (id),
    note        TEXT    CHECK (note IS NULL OR length(note) <= 1000),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at  TEXT
) STRICT;

CREATE INDEX idx_colis_status_history_colis ON colis_status_history (colis_id, changed_at);
CREATE INDEX idx_colis_status_history_changed_by ON colis_status_history (changed_by);
CREATE INDEX idx_colis_status_history_agence ON colis_status_history (agence_id);
CREATE INDEX idx_colis_status_history_trajet ON colis_status_history (trajet_id);

-- Parcel price grid. transporteur_id NULL = platform default; from_city / to_city / zone NULL
-- = any. Amounts in cents, weights in grams; supplements are flat amounts per piece.
CREATE TABLE parcel_tariffs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    transporteur_id    INTEGER REFERENCES transporteurs (id),
    from_city          TEXT    COLLATE NOCASE CHECK (from_city IS NULL OR length(from_city) BETWEEN 1 AND 100),
    to_city            TEXT    COLLATE NOCASE CHECK (to_city IS NULL OR length(to_city) BETWEEN 1 AND 100),
    zone               TEXT    COLLATE NOCASE CHECK (zone IS NULL OR length(zone) BETWEEN 1 AND 100),
    weight_min_g       INTEGER NOT NULL DEFAULT 0 CHECK (weight_min_g >= 0),
    -- exclusive upper bound; NULL = no upper bound
    weight_max_g       INTEGER,
    base_price         INTEGER NOT NULL DEFAULT 0 CHECK (base_price >= 0),
    price_per_kg       INTEGER NOT NULL DEFAULT 0 CHECK (price_per_kg >= 0),
    min_charge         INTEGER NOT NULL DEFAULT 0 CHECK (min_charge >= 0),
    -- cm3 per kg for volumetric weight (e.g. 5000); NULL = volumetric weight not used
    volumetric_divisor INTEGER CHECK (volumetric_divisor IS NULL OR volumetric_divisor > 0),
    fragile_supplement INTEGER NOT NULL DEFAULT 0 CHECK (fragile_supplement >= 0),
    express_supplement INTEGER NOT NULL DEFAULT 0 CHECK (express_supplement >= 0),
    active             INTEGER NOT NULL DEFAULT 1 CHECK (active IN (0, 1)),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT,
    CHECK (weight_max_g IS NULL OR weight_max_g > weight_min_g)
) STRICT;

CREATE INDEX idx_parcel_tariffs_lookup ON parcel_tariffs (transporteur_id, from_city, to_city);

-- ---------------------------------------------------------------------------------------------
-- Payments
-- ---------------------------------------------------------------------------------------------

-- A payment settles either a reservation or an envoi (exactly one).
CREATE TABLE paiements (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    -- cents
    amount             INTEGER NOT NULL CHECK (amount >= 0),
    status             TEXT    NOT NULL DEFAULT 'pending'
                               CHECK (status IN ('pending', 'completed', 'failed', 'refunded')),
    payment_date       TEXT    NOT NULL,
    method             TEXT    NOT NULL CHECK (method IN ('cash', 'mobile_money', 'card')),
    -- mobile money / card provider and its reference (tokens only: never a card number)
    provider           TEXT    COLLATE NOCASE CHECK (provider IS NULL OR length(provider) BETWEEN 1 AND 50),
    provider_reference TEXT    COLLATE NOCASE CHECK (provider_reference IS NULL OR length(provider_reference) BETWEEN 1 AND 100),
    idempotency_key    TEXT    UNIQUE COLLATE NOCASE CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 100),
    reservation_id     INTEGER REFERENCES reservations (id),
    envoi_id           INTEGER REFERENCES envois (id),
    cash_session_id    INTEGER REFERENCES cash_sessions (id),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT,
    CHECK ((reservation_id IS NOT NULL AND envoi_id IS NULL)
        OR (reservation_id IS NULL AND envoi_id IS NOT NULL)),
    UNIQUE (provider, provider_reference)
) STRICT;

CREATE INDEX idx_paiements_reservation ON paiements (reservation_id);
CREATE INDEX idx_paiements_envoi ON paiements (envoi_id);
CREATE INDEX idx_paiements_cash_session ON paiements (cash_session_id);
CREATE INDEX idx_paiements_date ON paiements (payment_date);

-- Every attempt, success, failure, refund... of a payment, for audit. Append-only.
CREATE TABLE payment_logs (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    paiement_id        INTEGER NOT NULL REFERENCES paiements (id),
    event              TEXT    NOT NULL
                               CHECK (event IN ('attempt', 'success', 'failure', 'refund', 'reconciliation', 'timeout')),
    -- cents
    amount             INTEGER CHECK (amount IS NULL OR amount >= 0),
    provider_reference TEXT    CHECK (provider_reference IS NULL OR length(provider_reference) <= 100),
    message            TEXT    CHECK (message IS NULL OR length(message) <= 2000),
    actor_compte_id    INTEGER REFERENCES comptes (id),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT
) STRICT;

CREATE INDEX idx_payment_logs_paiement ON payment_logs (paiement_id, created_at);
CREATE INDEX idx_payment_logs_created_at ON payment_logs (created_at);
CREATE INDEX idx_payment_logs_actor ON payment_logs (actor_compte_id);

-- ---------------------------------------------------------------------------------------------
-- Security, audit, configuration
-- ---------------------------------------------------------------------------------------------

-- `token` holds the SHA-256 hex digest of the revoked token, never the token itself.
CREATE TABLE revoked_tokens (
    id         INTEGER PRIMARY KEY AUTOINCREMENT,
    uid        TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    token      TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(token) = 64),
    user_id    INTEGER NOT NULL REFERENCES comptes (id) ON DELETE CASCADE,
    revoked_at TEXT    NOT NULL,
    expires_at TEXT    NOT NULL,
    reason     TEXT    DEFAULT 'logout' CHECK (reason IS NULL OR length(reason) <= 255),
    created_at TEXT    NOT NULL,
    updated_at TEXT    NOT NULL,
    version    INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at TEXT
) STRICT;

-- (the seed's index on `token` is the UNIQUE constraint's index)
CREATE INDEX idx_revoked_tokens_user ON revoked_tokens (user_id);
CREATE INDEX idx_revoked_tokens_expires_at ON revoked_tokens (expires_at);

-- Administration / audit log: who did what, when, to which record.
CREATE TABLE admin_logs (
    id              INTEGER PRIMARY KEY AUTOINCREMENT,
    uid             TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    -- NULL = the system itself (e.g. first-run setup)
    actor_compte_id INTEGER REFERENCES comptes (id),
    action          TEXT    NOT NULL CHECK (length(action) BETWEEN 1 AND 100),
    entity_type     TEXT    CHECK (entity_type IS NULL OR length(entity_type) <= 50),
    entity_uid      TEXT    CHECK (entity_uid IS NULL OR length(entity_uid) <= 255),
    details         TEXT    CHECK (details IS NULL OR json_valid(details)),
    created_at      TEXT    NOT NULL,
    updated_at      TEXT    NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at      TEXT
) STRICT;

CREATE INDEX idx_admin_logs_created_at ON admin_logs (created_at);
CREATE INDEX idx_admin_logs_actor ON admin_logs (actor_compte_id, created_at);
CREATE INDEX idx_admin_logs_entity ON admin_logs (entity_type, entity_uid);

CREATE TABLE system_config (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    uid         TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    key         TEXT    NOT NULL UNIQUE COLLATE NOCASE CHECK (length(key) BETWEEN 1 AND 100),
    value       TEXT    NOT NULL,
    description TEXT,
    updated_by  INTEGER REFERENCES comptes (id),
    created_at  TEXT    NOT NULL,
    updated_at  TEXT    NOT NULL,
    version     INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at  TEXT
) STRICT;

CREATE INDEX idx_system_config_updated_by ON system_config (updated_by);
