// The append-only audit log (fastmigrate.audit_log): every apply and rollback, every refusal, every
// change to users. Who, what, when, from where.
import { and, desc, eq, lt, type SQL } from 'drizzle-orm';
import type { HostDb } from '../db/host';
import { auditLog } from './schema';
import { redact } from '../util/redact';

export type AuditOutcome = 'allowed' | 'refused';

export interface AuditEntry {
  /** The signed-in user's email, or null when nobody is signed in. */
  actor: string | null;
  /** What was attempted: `migrate`, `rollback`, `rehearse`, `sign-in`, `user.add`, … */
  action: string;
  outcome: AuditOutcome;
  detail?: Record<string, unknown>;
  /** Where it came from: `dashboard 10.0.0.7`, `cli alice@ops-host`. */
  origin: string;
}

export async function recordAudit(db: HostDb, entry: AuditEntry): Promise<void> {
  // Details can hold error messages: scrub them like any other output.
  const detail = entry.detail ? (JSON.parse(redact(JSON.stringify(entry.detail))) as Record<string, unknown>) : null;
  await db.insert(auditLog).values({ actor: entry.actor, action: entry.action, outcome: entry.outcome, detail, origin: entry.origin });
}

export type AuditRow = typeof auditLog.$inferSelect;

export async function listAudit(db: HostDb, o: { limit: number; before?: number; outcome?: AuditOutcome }): Promise<AuditRow[]> {
  const where: SQL[] = [];
  if (o.before) where.push(lt(auditLog.id, o.before));
  if (o.outcome) where.push(eq(auditLog.outcome, o.outcome));
  return db
    .select()
    .from(auditLog)
    .where(where.length ? and(...where) : undefined)
    .orderBy(desc(auditLog.id))
    .limit(o.limit);
}
