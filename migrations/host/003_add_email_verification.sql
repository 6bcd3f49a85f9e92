-- Migration: 003_add_email_verification
-- Version: 003
-- Description: Add email verification state to users
-- Author: platform@finxplorer.dev
-- Date: 2026-02-03
-- Scope: host

-- ==================== UP ====================
-- Applied when migrating forward

ALTER TABLE users
    ADD COLUMN email_verified    BOOLEAN NOT NULL DEFAULT FALSE,
    ADD COLUMN email_verified_at TIMESTAMPTZ,
    ADD CONSTRAINT users_email_verified_at_chk
        CHECK (email_verified = (email_verified_at IS NOT NULL));

-- Only the (few) unverified users are looked up by the reminder job.
CREATE INDEX idx_users_email_unverified
    ON users (created_at) WHERE NOT email_verified;

-- ==================== DOWN ====================
-- Applied when rolling back

DROP INDEX IF EXISTS idx_users_email_unverified;
ALTER TABLE users
    DROP CONSTRAINT IF EXISTS users_email_verified_at_chk,
    DROP COLUMN IF EXISTS email_verified_at,
    DROP COLUMN IF EXISTS email_verified;
