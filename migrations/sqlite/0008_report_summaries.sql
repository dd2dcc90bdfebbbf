-- Per-day summaries for the reports (issue 7): a year of a busy network is millions of rows,
-- and a report must answer in a blink. Each summary holds one day's figures per combination of
-- the report filters (agency, clerk, carrier, route, method, status...). They are derived data,
-- local to the desk, never synced, and rebuilt day by day:
--   * triggers on the tables they summarise name the days a write touched in
--     `report_stale_days`, in the writer's own transaction (whatever the code path: a sale, a
--     refund, a parcel scan, a row pulled by sync, a repair by hand);
--   * before reading, a report rebuilds the stale days from the raw tables
--     (`reports::summary::refresh`) and clears them.
-- A day is a UTC day, the first ten characters of the stored instant (see docs/reports.md).

CREATE TABLE report_stale_days (
    -- NOT NULL so that `INSERT OR IGNORE` of an absent instant (an envoi not delivered yet)
    -- simply writes nothing.
    day TEXT NOT NULL PRIMARY KEY
) STRICT;

-- Money of tickets: collected on the day paid (by the method that paid), refunded on the day
-- the refund was recorded (by the method it went back through). A ticket and its seats count
-- once, on the day and under the method of its first payment.
CREATE TABLE report_sales_days (
    day             TEXT    NOT NULL,
    agence_id       INTEGER,
    sold_by         INTEGER,
    transporteur_id INTEGER NOT NULL,
    departure_city  TEXT    NOT NULL COLLATE NOCASE,
    arrival_city    TEXT    NOT NULL COLLATE NOCASE,
    method          TEXT    NOT NULL,
    tickets         INTEGER NOT NULL,
    seats           INTEGER NOT NULL,
    -- cents
    collected       INTEGER NOT NULL,
    refunded        INTEGER NOT NULL
) STRICT;
CREATE INDEX idx_report_sales_days_day ON report_sales_days (day);

-- Envois taken in on the day, by their current status, with their pieces.
CREATE TABLE report_parcel_days (
    day              TEXT    NOT NULL,
    agence_id        INTEGER,
    transporteur_id  INTEGER NOT NULL,
    origin_city      TEXT    COLLATE NOCASE,
    destination_city TEXT    NOT NULL COLLATE NOCASE,
    status           TEXT    NOT NULL,
    envois           INTEGER NOT NULL,
    pieces           INTEGER NOT NULL,
    -- grams
    weight           INTEGER NOT NULL,
    -- cents
    billed           INTEGER NOT NULL
) STRICT;
CREATE INDEX idx_report_parcel_days_day ON report_parcel_days (day);

-- Parcel money collected and refunded on the day, and envois delivered on the day.
CREATE TABLE report_parcel_movements (
    day              TEXT    NOT NULL,
    agence_id        INTEGER,
    transporteur_id  INTEGER NOT NULL,
    origin_city      TEXT    COLLATE NOCASE,
    destination_city TEXT    NOT NULL COLLATE NOCASE,
    collected        INTEGER NOT NULL,
    refunded         INTEGER NOT NULL,
    delivered        INTEGER NOT NULL
) STRICT;
CREATE INDEX idx_report_parcel_movements_day ON report_parcel_movements (day);

-- Departures (not cancelled) on the day, by hour of departure, with seats offered and taken.
CREATE TABLE report_departure_days (
    day             TEXT    NOT NULL,
    hour            INTEGER NOT NULL,
    transporteur_id INTEGER NOT NULL,
    departure_city  TEXT    NOT NULL COLLATE NOCASE,
    arrival_city    TEXT    NOT NULL COLLATE NOCASE,
    departures      INTEGER NOT NULL,
    seats_offered   INTEGER NOT NULL,
    seats_taken     INTEGER NOT NULL
) STRICT;
CREATE INDEX idx_report_departure_days_day ON report_departure_days (day);

-- Reservations cancelled on the day, by reason, with the refunds granted.
CREATE TABLE report_cancellation_days (
    day             TEXT    NOT NULL,
    agence_id       INTEGER,
    transporteur_id INTEGER NOT NULL,
    departure_city  TEXT    NOT NULL COLLATE NOCASE,
    arrival_city    TEXT    NOT NULL COLLATE NOCASE,
    reason          TEXT    NOT NULL,
    cancellations   INTEGER NOT NULL,
    -- cents
    refunded        INTEGER NOT NULL
) STRICT;
CREATE INDEX idx_report_cancellation_days_day ON report_cancellation_days (day);

-- ---------------------------------------------------------------------------------------------
-- Which days a write touches. Each trigger names the days of the old and of the new row.

-- A payment: its own day, and the days of every payment of the same reservations (the day a
-- ticket counts is that of its first payment, which a payment voided or re-dated can move).
CREATE TRIGGER report_stale_paiement_insert AFTER INSERT ON paiements BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(NEW.payment_date, 1, 10));
END;
CREATE TRIGGER report_stale_paiement_update
AFTER UPDATE OF amount, status, payment_date, method, reservation_id, envoi_id, deleted_at ON paiements BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.payment_date, 1, 10)), (substr(NEW.payment_date, 1, 10));
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM payment_allocations a
          JOIN payment_allocations other ON other.reservation_id = a.reservation_id
          JOIN paiements p ON p.id = other.paiement_id
         WHERE a.paiement_id = NEW.id;
END;
CREATE TRIGGER report_stale_paiement_delete AFTER DELETE ON paiements BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(OLD.payment_date, 1, 10));
END;

-- An allocation: the days of every payment of its reservation.
CREATE TRIGGER report_stale_allocation_insert AFTER INSERT ON payment_allocations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id
         WHERE a.reservation_id = NEW.reservation_id;
END;
CREATE TRIGGER report_stale_allocation_update AFTER UPDATE ON payment_allocations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id
         WHERE a.reservation_id IN (OLD.reservation_id, NEW.reservation_id);
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM paiements p WHERE p.id = OLD.paiement_id;
END;
CREATE TRIGGER report_stale_allocation_delete AFTER DELETE ON payment_allocations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id
         WHERE a.reservation_id = OLD.reservation_id
        UNION SELECT substr(p.payment_date, 1, 10) FROM paiements p WHERE p.id = OLD.paiement_id;
END;

-- A refund: the day it was recorded.
CREATE TRIGGER report_stale_refund_insert AFTER INSERT ON payment_refunds BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER report_stale_refund_update AFTER UPDATE ON payment_refunds BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.created_at, 1, 10)), (substr(NEW.created_at, 1, 10));
END;
CREATE TRIGGER report_stale_refund_delete AFTER DELETE ON payment_refunds BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(OLD.created_at, 1, 10));
END;

-- A cancellation: the day it was recorded.
CREATE TRIGGER report_stale_annulation_insert AFTER INSERT ON annulations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(NEW.cancelled_at, 1, 10));
END;
CREATE TRIGGER report_stale_annulation_update AFTER UPDATE ON annulations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.cancelled_at, 1, 10)), (substr(NEW.cancelled_at, 1, 10));
END;
CREATE TRIGGER report_stale_annulation_delete AFTER DELETE ON annulations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(OLD.cancelled_at, 1, 10));
END;

-- What a reservation brings to its lines (agency, clerk, trajet, seats): the days of its
-- payments, refunds and cancellation. Its status and seat numbers change often and are not
-- summarised, hence the column list.
CREATE TRIGGER report_stale_reservation_update
AFTER UPDATE OF agence_id, sold_by, trajet_id, seats_reserved ON reservations BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM payment_allocations a JOIN paiements p ON p.id = a.paiement_id
         WHERE a.reservation_id = NEW.id
        UNION SELECT substr(f.created_at, 1, 10) FROM payment_refunds f WHERE f.reservation_id = NEW.id
        UNION SELECT substr(n.cancelled_at, 1, 10) FROM annulations n WHERE n.reservation_id = NEW.id;
END;

-- A departure: its day (seats taken change with every sale); and when its carrier or route
-- changes, the days of everything sold on it.
CREATE TRIGGER report_stale_trajet_insert AFTER INSERT ON trajets BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(NEW.departure_time, 1, 10));
END;
CREATE TRIGGER report_stale_trajet_update AFTER UPDATE ON trajets BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.departure_time, 1, 10)), (substr(NEW.departure_time, 1, 10));
END;
CREATE TRIGGER report_stale_trajet_route_update
AFTER UPDATE OF transporteur_id, departure_city, arrival_city ON trajets BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM reservations r
          JOIN payment_allocations a ON a.reservation_id = r.id JOIN paiements p ON p.id = a.paiement_id
         WHERE r.trajet_id = NEW.id
        UNION SELECT substr(f.created_at, 1, 10) FROM reservations r JOIN payment_refunds f ON f.reservation_id = r.id
         WHERE r.trajet_id = NEW.id
        UNION SELECT substr(n.cancelled_at, 1, 10) FROM reservations r JOIN annulations n ON n.reservation_id = r.id
         WHERE r.trajet_id = NEW.id;
END;
CREATE TRIGGER report_stale_trajet_delete AFTER DELETE ON trajets BEGIN
    INSERT OR IGNORE INTO report_stale_days (day) VALUES (substr(OLD.departure_time, 1, 10));
END;

-- An envoi: the day it was taken in and the day it was delivered; when what its lines are
-- made of changes, the days of its payments and refunds too.
CREATE TRIGGER report_stale_envoi_insert AFTER INSERT ON envois BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(NEW.created_at, 1, 10)), (substr(NEW.delivered_at, 1, 10));
END;
CREATE TRIGGER report_stale_envoi_update AFTER UPDATE ON envois BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.created_at, 1, 10)), (substr(NEW.created_at, 1, 10)),
               (substr(OLD.delivered_at, 1, 10)), (substr(NEW.delivered_at, 1, 10));
END;
CREATE TRIGGER report_stale_envoi_lines_update
AFTER UPDATE OF agence_id, transporteur_id, origin_city, destination_city, deleted_at ON envois BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(p.payment_date, 1, 10) FROM paiements p WHERE p.envoi_id = NEW.id
        UNION SELECT substr(f.created_at, 1, 10) FROM paiements p JOIN payment_refunds f ON f.paiement_id = p.id
         WHERE p.envoi_id = NEW.id;
END;
CREATE TRIGGER report_stale_envoi_delete AFTER DELETE ON envois BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        VALUES (substr(OLD.created_at, 1, 10)), (substr(OLD.delivered_at, 1, 10));
END;

-- A piece: the day its envoi was taken in.
CREATE TRIGGER report_stale_colis_insert AFTER INSERT ON colis BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(e.created_at, 1, 10) FROM envois e WHERE e.id = NEW.envoi_id;
END;
CREATE TRIGGER report_stale_colis_update AFTER UPDATE OF envoi_id, weight, shipping_cost, deleted_at ON colis BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(e.created_at, 1, 10) FROM envois e WHERE e.id IN (OLD.envoi_id, NEW.envoi_id);
END;
CREATE TRIGGER report_stale_colis_delete AFTER DELETE ON colis BEGIN
    INSERT OR IGNORE INTO report_stale_days (day)
        SELECT substr(e.created_at, 1, 10) FROM envois e WHERE e.id = OLD.envoi_id;
END;

-- What the desk already holds: every day with something to summarise.
INSERT OR IGNORE INTO report_stale_days (day)
    SELECT substr(payment_date, 1, 10) FROM paiements
    UNION SELECT substr(created_at, 1, 10) FROM payment_refunds
    UNION SELECT substr(cancelled_at, 1, 10) FROM annulations
    UNION SELECT substr(departure_time, 1, 10) FROM trajets
    UNION SELECT substr(created_at, 1, 10) FROM envois
    UNION SELECT substr(delivered_at, 1, 10) FROM envois;
