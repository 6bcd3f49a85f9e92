-- Migration: 003_add_categories
-- Version: 003
-- Description: Add categories (nestable) and transactions.category_id
-- Author: ledger@finxplorer.dev
-- Date: 2026-01-21
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE categories (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    kind       TEXT NOT NULL DEFAULT 'expense',
    parent_id  BIGINT REFERENCES categories (id) ON DELETE SET NULL,
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT categories_kind_name_key UNIQUE (kind, name),
    CONSTRAINT categories_kind_chk CHECK (kind IN ('income', 'expense', 'transfer')),
    CONSTRAINT categories_not_own_parent_chk CHECK (parent_id IS NULL OR parent_id <> id)
);

INSERT INTO categories (name, kind) VALUES
    ('Salary',        'income'),
    ('Groceries',     'expense'),
    ('Rent',          'expense'),
    ('Utilities',     'expense'),
    ('Transport',     'expense'),
    ('Eating out',    'expense'),
    ('Transfer',      'transfer');

ALTER TABLE transactions
    ADD COLUMN category_id BIGINT REFERENCES categories (id) ON DELETE SET NULL;

CREATE INDEX idx_transactions_category_id ON transactions (category_id);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP INDEX IF EXISTS idx_transactions_category_id;
ALTER TABLE transactions DROP COLUMN IF EXISTS category_id;
DROP TABLE IF EXISTS categories;
