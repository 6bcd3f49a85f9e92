-- Migration: 001_create_accounts
-- Version: 001
-- Description: Create the accounts table (bank accounts, cards, cash, ...)
-- Author: ledger@finxplorer.dev
-- Date: 2026-01-12
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE accounts (
    id              BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name            TEXT NOT NULL,
    type            TEXT NOT NULL,
    currency        CHAR(3) NOT NULL DEFAULT 'EUR',
    iban            TEXT,
    opening_balance NUMERIC(14,2) NOT NULL DEFAULT 0,
    is_archived     BOOLEAN NOT NULL DEFAULT FALSE,
    created_at      TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT accounts_name_key UNIQUE (name),
    CONSTRAINT accounts_type_chk
        CHECK (type IN ('checking', 'savings', 'credit_card', 'cash', 'investment', 'loan')),
    CONSTRAINT accounts_currency_chk CHECK (currency ~ '^[A-Z]{3}$')
);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS accounts;
