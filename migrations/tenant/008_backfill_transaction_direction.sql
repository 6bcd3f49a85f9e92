-- Migration: 008_backfill_transaction_direction
-- Version: 008
-- Description: Add transactions.direction (debit/credit), backfill it from the amount's sign, then make it NOT NULL
-- Author: reporting@finxplorer.dev
-- Date: 2026-03-11
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

-- 1. Add the column as nullable so existing rows are accepted.
ALTER TABLE transactions ADD COLUMN direction TEXT;

-- 2. Backfill from the sign of the amount.
UPDATE transactions
   SET direction = CASE WHEN amount < 0 THEN 'debit' ELSE 'credit' END
 WHERE direction IS NULL;

-- 3. Now that every row has a value, enforce it.
ALTER TABLE transactions
    ALTER COLUMN direction SET NOT NULL,
    ADD CONSTRAINT transactions_direction_chk CHECK (direction IN ('debit', 'credit'));

-- ==================== DOWN ====================
-- Applied when rolling back

ALTER TABLE transactions
    DROP CONSTRAINT IF EXISTS transactions_direction_chk,
    DROP COLUMN IF EXISTS direction;
