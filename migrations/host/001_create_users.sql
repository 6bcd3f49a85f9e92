-- Migration: 001_create_users
-- Version: 001
-- Description: Create the users table (people who sign in to the finance app)
-- Author: platform@finxplorer.dev
-- Date: 2026-01-12
-- Scope: host

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE users (
    id           BIGINT GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
    email        TEXT NOT NULL,
    display_name TEXT,
    created_at   TIMESTAMPTZ NOT NULL DEFAULT now(),
    CONSTRAINT users_email_key UNIQUE (email),
    CONSTRAINT users_email_format_chk CHECK (position('@' IN email) > 1)
);

COMMENT ON TABLE users IS 'People who can sign in; tenant access is granted separately.';

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS users;
