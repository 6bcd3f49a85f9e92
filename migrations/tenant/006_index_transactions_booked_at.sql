-- Migration: 006_index_transactions_booked_at
-- Version: 006
-- Description: Index transactions by booking date without locking writes (CREATE INDEX CONCURRENTLY)
-- Author: ledger@finxplorer.dev
-- Date: 2026-02-24
-- Scope: tenant
--
-- CONCURRENTLY cannot run inside a transaction block, so each section is marked
-- no-transaction and holds exactly one statement.

-- ==================== UP ====================
-- fastmigrate:no-transaction
CREATE INDEX CONCURRENTLY IF NOT EXISTS idx_transactions_booked_at ON transactions (booked_at);

-- ==================== DOWN ====================
-- fastmigrate:no-transaction
DROP INDEX CONCURRENTLY IF EXISTS idx_transactions_booked_at;
