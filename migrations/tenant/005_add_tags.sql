-- Migration: 005_add_tags
-- Version: 005
-- Description: Add free-form tags and the transaction_tags join table
-- Author: ledger@finxplorer.dev
-- Date: 2026-02-10
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE tags (
    id         BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    name       TEXT NOT NULL,
    color      TEXT NOT NULL DEFAULT '#64748b',
    created_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT tags_name_chk CHECK (length(btrim(name)) > 0),
    CONSTRAINT tags_color_chk CHECK (color ~ '^#[0-9a-f]{6}$')
);

-- Tag names are unique regardless of case ("Travel" = "travel").
CREATE UNIQUE INDEX idx_tags_name_lower ON tags (lower(name));

CREATE TABLE transaction_tags (
    transaction_id BIGINT NOT NULL REFERENCES transactions (id) ON DELETE CASCADE,
    tag_id         BIGINT NOT NULL REFERENCES tags (id) ON DELETE CASCADE,
    PRIMARY KEY (transaction_id, tag_id)
);

-- The primary key serves lookups by transaction; this one serves "all transactions with tag X".
CREATE INDEX idx_transaction_tags_tag_id ON transaction_tags (tag_id);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS transaction_tags;
DROP TABLE IF EXISTS tags;
