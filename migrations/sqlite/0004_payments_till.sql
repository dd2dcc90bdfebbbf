-- Payments and the till (issue 4): one provider charge may pay a whole sale, refunds have their
-- own lifecycle (a provider refund can be pending too), closed tills keep their report.

-- Which reservations a payment pays, and how much of it each. A cash sale writes one payment
-- per reservation; a mobile money or card sale one provider charge for the whole sale.
CREATE TABLE payment_allocations (
    id             INTEGER PRIMARY KEY AUTOINCREMENT,
    uid            TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    paiement_id    INTEGER NOT NULL REFERENCES paiements (id),
    reservation_id INTEGER NOT NULL REFERENCES reservations (id),
    -- cents
    amount         INTEGER NOT NULL CHECK (amount >= 0),
    created_at     TEXT    NOT NULL,
    updated_at     TEXT    NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at     TEXT,
    UNIQUE (paiement_id, reservation_id)
) STRICT;

CREATE INDEX idx_payment_allocations_reservation ON payment_allocations (reservation_id);

-- Money given back: cash from a drawer (completed at once, or owed until a clerk pays it out),
-- mobile money and card through the provider's refund call (pending until it answers).
CREATE TABLE payment_refunds (
    id                 INTEGER PRIMARY KEY AUTOINCREMENT,
    uid                TEXT    NOT NULL UNIQUE CHECK (length(uid) = 36),
    paiement_id        INTEGER NOT NULL REFERENCES paiements (id),
    reservation_id     INTEGER REFERENCES reservations (id),
    -- cents
    amount             INTEGER NOT NULL CHECK (amount > 0),
    method             TEXT    NOT NULL CHECK (method IN ('cash', 'mobile_money', 'card')),
    status             TEXT    NOT NULL DEFAULT 'pending' CHECK (status IN ('pending', 'completed', 'failed')),
    idempotency_key    TEXT    UNIQUE COLLATE NOCASE CHECK (idempotency_key IS NULL OR length(idempotency_key) BETWEEN 1 AND 100),
    provider_reference TEXT    CHECK (provider_reference IS NULL OR length(provider_reference) BETWEEN 1 AND 100),
    cash_session_id    INTEGER REFERENCES cash_sessions (id),
    refunded_by        INTEGER REFERENCES comptes (id),
    created_at         TEXT    NOT NULL,
    updated_at         TEXT    NOT NULL,
    version            INTEGER NOT NULL DEFAULT 1 CHECK (version >= 1),
    deleted_at         TEXT
) STRICT;

CREATE INDEX idx_payment_refunds_paiement ON payment_refunds (paiement_id);
CREATE INDEX idx_payment_refunds_session ON payment_refunds (cash_session_id);
CREATE INDEX idx_payment_refunds_status ON payment_refunds (status);

-- The mobile money payer (a retry must resend the same request) and the provider's last word.
ALTER TABLE paiements ADD COLUMN payer_phone TEXT CHECK (payer_phone IS NULL OR length(payer_phone) BETWEEN 8 AND 16);
ALTER TABLE paiements ADD COLUMN provider_message TEXT CHECK (provider_message IS NULL OR length(provider_message) <= 500);
CREATE INDEX idx_paiements_status ON paiements (status);
-- Held (unpaid) reservations are looked for every minute to release expired holds.
CREATE INDEX idx_reservations_status ON reservations (status);

-- The closing (Z) report as it was at closing, JSON: reprinting it later shows the same figures
-- even if a provider payment of the session settles afterwards.
ALTER TABLE cash_sessions ADD COLUMN closing_report TEXT;

-- A closed till is never changed again.
CREATE TRIGGER cash_sessions_closed_are_immutable BEFORE UPDATE ON cash_sessions
WHEN OLD.status = 'closed'
BEGIN
    SELECT RAISE(ABORT, 'cash session closed');
END;

INSERT INTO system_config (uid, key, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000410', 'payments.hold_minutes', '15', 'Minutes pendant lesquelles les places d''un paiement échoué restent réservées', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00'),
    ('0190a000-0000-7000-8000-000000000411', 'payments.provider_timeout_seconds', '20', 'Délai d''attente d''une réponse du fournisseur de paiement, en secondes', '2026-01-01T00:00:00+00:00', '2026-01-01T00:00:00+00:00');
