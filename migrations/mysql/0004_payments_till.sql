-- Payments and the till (issue 4): one provider charge may pay a whole sale, refunds have their
-- own lifecycle (a provider refund can be pending too), closed tills keep their report.

-- Which reservations a payment pays, and how much of it each.
CREATE TABLE payment_allocations (
    id             INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid            CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    paiement_id    INT NOT NULL,
    reservation_id INT NOT NULL,
    amount         DECIMAL(10,2) NOT NULL,
    created_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at     DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version        INT NOT NULL DEFAULT 1,
    deleted_at     DATETIME(6) NULL,
    UNIQUE KEY uq_payment_allocations_uid (uid),
    UNIQUE KEY uq_payment_allocations_pair (paiement_id, reservation_id),
    KEY idx_payment_allocations_reservation (reservation_id),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (amount >= 0),
    FOREIGN KEY (paiement_id) REFERENCES paiements (id),
    FOREIGN KEY (reservation_id) REFERENCES reservations (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

-- Money given back: cash from a drawer, mobile money and card through the provider.
CREATE TABLE payment_refunds (
    id                 INT NOT NULL AUTO_INCREMENT PRIMARY KEY,
    uid                CHAR(36) CHARACTER SET ascii COLLATE ascii_general_ci NOT NULL DEFAULT (UUID()),
    paiement_id        INT NOT NULL,
    reservation_id     INT NULL,
    amount             DECIMAL(10,2) NOT NULL,
    method             VARCHAR(20) NOT NULL,
    status             VARCHAR(20) NOT NULL DEFAULT 'pending',
    idempotency_key    VARCHAR(100) NULL,
    provider_reference VARCHAR(100) NULL,
    cash_session_id    INT NULL,
    refunded_by        INT NULL,
    created_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6),
    updated_at         DATETIME(6) NOT NULL DEFAULT CURRENT_TIMESTAMP(6) ON UPDATE CURRENT_TIMESTAMP(6),
    version            INT NOT NULL DEFAULT 1,
    deleted_at         DATETIME(6) NULL,
    UNIQUE KEY uq_payment_refunds_uid (uid),
    UNIQUE KEY uq_payment_refunds_idempotency_key (idempotency_key),
    KEY idx_payment_refunds_paiement (paiement_id),
    KEY idx_payment_refunds_session (cash_session_id),
    KEY idx_payment_refunds_status (status),
    CHECK (CHAR_LENGTH(uid) = 36),
    CHECK (version >= 1),
    CHECK (amount > 0),
    CHECK (method IN ('cash', 'mobile_money', 'card')),
    CHECK (status IN ('pending', 'completed', 'failed')),
    CHECK (idempotency_key IS NULL OR CHAR_LENGTH(idempotency_key) >= 1),
    CHECK (provider_reference IS NULL OR CHAR_LENGTH(provider_reference) >= 1),
    FOREIGN KEY (paiement_id) REFERENCES paiements (id),
    FOREIGN KEY (reservation_id) REFERENCES reservations (id),
    FOREIGN KEY (cash_session_id) REFERENCES cash_sessions (id),
    FOREIGN KEY (refunded_by) REFERENCES comptes (id)
) ENGINE = InnoDB DEFAULT CHARSET = utf8mb4 COLLATE = utf8mb4_unicode_ci;

ALTER TABLE paiements ADD COLUMN payer_phone VARCHAR(16) NULL;
ALTER TABLE paiements ADD COLUMN provider_message VARCHAR(500) NULL;
CREATE INDEX idx_paiements_status ON paiements (status);
-- Held (unpaid) reservations are looked for every minute to release expired holds.
CREATE INDEX idx_reservations_status ON reservations (status);

ALTER TABLE cash_sessions ADD COLUMN closing_report LONGTEXT NULL;

INSERT INTO system_config (uid, `key`, value, description, created_at, updated_at) VALUES
    ('0190a000-0000-7000-8000-000000000410', 'payments.hold_minutes', '15', 'Minutes pendant lesquelles les places d''un paiement échoué restent réservées', '2026-01-01 00:00:00', '2026-01-01 00:00:00'),
    ('0190a000-0000-7000-8000-000000000411', 'payments.provider_timeout_seconds', '20', 'Délai d''attente d''une réponse du fournisseur de paiement, en secondes', '2026-01-01 00:00:00', '2026-01-01 00:00:00');
