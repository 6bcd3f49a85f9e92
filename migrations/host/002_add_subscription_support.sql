-- Migration: 002_add_subscription_support
-- Version: 002
-- Description: Add billing plans and per-tenant subscriptions
-- Author: billing@finxplorer.dev
-- Date: 2026-01-20
-- Scope: host

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE plans (
    id               TEXT PRIMARY KEY,
    name             TEXT NOT NULL,
    price_cents      INTEGER NOT NULL,
    currency         CHAR(3) NOT NULL DEFAULT 'EUR',
    billing_interval TEXT NOT NULL,
    max_accounts     INTEGER,
    is_active        BOOLEAN NOT NULL DEFAULT TRUE,
    created_at       TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT plans_price_chk CHECK (price_cents >= 0),
    CONSTRAINT plans_currency_chk CHECK (currency ~ '^[A-Z]{3}$'),
    CONSTRAINT plans_interval_chk CHECK (billing_interval IN ('month', 'year')),
    CONSTRAINT plans_max_accounts_chk CHECK (max_accounts IS NULL OR max_accounts > 0)
);

INSERT INTO plans (id, name, price_cents, currency, billing_interval, max_accounts) VALUES
    ('free',     'Free',     0,    'EUR', 'month', 2),
    ('personal', 'Personal', 499,  'EUR', 'month', 10),
    ('business', 'Business', 2900, 'EUR', 'month', NULL);

CREATE TABLE subscriptions (
    id                 BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    tenant_id          TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    plan_id            TEXT NOT NULL REFERENCES plans (id),
    status             TEXT NOT NULL DEFAULT 'trialing',
    started_at         TIMESTAMPTZ NOT NULL DEFAULT now(),
    current_period_end TIMESTAMPTZ,
    canceled_at        TIMESTAMPTZ,
    CONSTRAINT subscriptions_status_chk
        CHECK (status IN ('trialing', 'active', 'past_due', 'canceled')),
    CONSTRAINT subscriptions_canceled_chk
        CHECK ((status = 'canceled') = (canceled_at IS NOT NULL)),
    CONSTRAINT subscriptions_period_chk
        CHECK (current_period_end IS NULL OR current_period_end > started_at)
);

-- At most one live subscription per tenant; canceled ones are kept as history.
CREATE UNIQUE INDEX idx_subscriptions_one_live_per_tenant
    ON subscriptions (tenant_id) WHERE status <> 'canceled';

CREATE INDEX idx_subscriptions_plan_id ON subscriptions (plan_id);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS subscriptions;
DROP TABLE IF EXISTS plans;
