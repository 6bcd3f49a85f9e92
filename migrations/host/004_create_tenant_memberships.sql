-- Migration: 004_create_tenant_memberships
-- Version: 004
-- Description: Link users to the tenants (workspaces) they can access, with a role
-- Author: platform@finxplorer.dev
-- Date: 2026-02-17
-- Scope: host

-- ==================== UP ====================
-- Applied when migrating forward

CREATE TABLE tenant_memberships (
    tenant_id  TEXT NOT NULL REFERENCES tenants (id) ON DELETE CASCADE,
    user_id    BIGINT NOT NULL REFERENCES users (id) ON DELETE CASCADE,
    role       TEXT NOT NULL DEFAULT 'member',
    invited_at TIMESTAMPTZ NOT NULL DEFAULT now(),
    PRIMARY KEY (tenant_id, user_id),
    CONSTRAINT tenant_memberships_role_chk
        CHECK (role IN ('owner', 'admin', 'member', 'viewer'))
);

-- "Which workspaces can this user open?" runs on every sign-in.
CREATE INDEX idx_tenant_memberships_user_id ON tenant_memberships (user_id);

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TABLE IF EXISTS tenant_memberships;
