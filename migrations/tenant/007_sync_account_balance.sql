-- Migration: 007_sync_account_balance
-- Version: 007
-- Description: Add accounts.balance, backfill it, and keep it in sync with a trigger on transactions
-- Author: ledger@finxplorer.dev
-- Date: 2026-03-04
-- Scope: tenant

-- ==================== UP ====================
-- Applied when migrating forward

ALTER TABLE accounts
    ADD COLUMN balance NUMERIC(14,2) NOT NULL DEFAULT 0;

-- Backfill: opening balance plus every booked amount.
UPDATE accounts a
   SET balance = a.opening_balance + COALESCE(
           (SELECT sum(t.amount) FROM transactions t WHERE t.account_id = a.id), 0);

CREATE FUNCTION sync_account_balance() RETURNS trigger
LANGUAGE plpgsql
AS $$
BEGIN
    -- Take the old amount off the old account ...
    IF TG_OP IN ('UPDATE', 'DELETE') THEN
        UPDATE accounts
           SET balance = balance - OLD.amount
         WHERE id = OLD.account_id;
    END IF;

    -- ... and put the new amount on the new account.
    IF TG_OP IN ('INSERT', 'UPDATE') THEN
        UPDATE accounts
           SET balance = balance + NEW.amount
         WHERE id = NEW.account_id;
    END IF;

    RETURN NULL; -- AFTER trigger: the return value is ignored
END;
$$;

COMMENT ON FUNCTION sync_account_balance() IS
    'Keeps accounts.balance equal to opening_balance + sum(transactions.amount).';

CREATE TRIGGER trg_transactions_sync_account_balance
    AFTER INSERT OR DELETE OR UPDATE OF amount, account_id ON transactions
    FOR EACH ROW
    EXECUTE FUNCTION sync_account_balance();

-- ==================== DOWN ====================
-- Applied when rolling back

DROP TRIGGER IF EXISTS trg_transactions_sync_account_balance ON transactions;
DROP FUNCTION IF EXISTS sync_account_balance();
ALTER TABLE accounts DROP COLUMN IF EXISTS balance;
