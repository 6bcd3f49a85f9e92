-- Migration: 004_create_budgets
-- Version: 004
-- Description: Create budgets (spending limit per category and period)
-- Author: planning@finxplorer.dev
-- Date: 2026-02-02
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE budgets (
    id          BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    category_id BIGINT NOT NULL REFERENCES categories (id) ON DELETE CASCADE,
    period      TEXT NOT NULL DEFAULT 'monthly',
    starts_on   DATE NOT NULL,
    ends_on     DATE,
    amount      NUMERIC(14,2) NOT NULL,
    currency    CHAR(3) NOT NULL DEFAULT 'EUR',
    rollover    BOOLEAN NOT NULL DEFAULT FALSE,
    created_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT budgets_category_period_start_key UNIQUE (category_id, period, starts_on),
    CONSTRAINT budgets_period_chk CHECK (period IN ('weekly', 'monthly', 'quarterly', 'yearly')),
    CONSTRAINT budgets_amount_chk CHECK (amount > 0),
    CONSTRAINT budgets_currency_chk CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT budgets_dates_chk CHECK (ends_on IS NULL OR ends_on > starts_on)
);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS budgets;
