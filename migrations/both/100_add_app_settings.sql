-- Migration: 100_add_app_settings
-- Version: 100
-- Description: Create the app_settings key/value table in the host and every tenant database
-- Author: platform@finxplorer.dev
-- Date: 2026-03-18
-- Scope: both

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE app_settings (
    key         TEXT PRIMARY KEY,
    value       JSONB NOT NULL,
    description TEXT,
    updated_at  TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT app_settings_key_chk CHECK (key ~ '^[a-z][a-z0-9_]*(\.[a-z][a-z0-9_]*)*$')
);

INSERT INTO app_settings (key, value, description) VALUES
    ('locale.default',   '"en-US"', 'Locale used when a user has not chosen one'),
    ('currency.default', '"EUR"',   'Currency for new accounts and budgets'),
    ('fiscal_year.start_month', '1', 'Month (1-12) in which the fiscal year starts');

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS app_settings;
