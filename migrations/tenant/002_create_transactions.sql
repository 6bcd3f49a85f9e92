-- Migration: 002_create_transactions
-- Version: 002
-- Description: Create the transactions table (booked movements on an account)
-- Author: ledger@finxplorer.dev
-- Date: 2026-01-14
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE transactions (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    account_id  BIGINT NOT NULL REFERENCES accounts (id) ON DELETE CASCADE,
    amount      NUMERIC(14,2) NOT NULL,
    currency    CHAR(3) NOT NULL DEFAULT 'EUR',
    booked_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    description TEXT,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT transactions_currency_chk CHECK (currency ~ '^[A-Z]{3}$')
);

-- Foreign keys are not indexed automatically; the account view filters on it.
CREATE INDEX idx_transactions_account_id ON transactions (account_id);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS transactions;
