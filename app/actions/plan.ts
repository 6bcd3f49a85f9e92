'use server';
// Preview, rehearse, apply and roll back: thin calls into the engine, behind guardedAction.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { DEFAULT_REHEARSAL_OPTIONS, rehearse, type PlanRequest, type Selection } from '@/lib/migrations';
import { DASHBOARD_CONCURRENCY, getEngine, runInBackground } from '@/lib/dashboard/engine';
import { refreshMatrix } from '@/lib/dashboard/status';
import { guardedAction } from '../lib/action';
import { highlightSql } from '../lib/highlight';
import {
  describeRequest,
  isRollback,
  MAX_REHEARSAL_DATABASES,
  MAX_SELECTION,
  type PlanGroup,
  type PreviewData,
  type PreviewDatabase,
  type RehearsalData,
  type RequestInput,
  type StepView,
} from '../lib/plan-types';

const version = z.number().int().min(0).max(2_147_483_647);
const requestSchema = z.discriminatedUnion('kind', [
  z.object({ kind: z.literal('migrate-latest') }),
  z.object({ kind: z.literal('migrate-to'), version }),
  z.object({ kind: z.literal('rollback-steps'), steps: z.number().int().min(1).max(10_000) }),
  z.object({ kind: z.literal('rollback-to'), version }),
]);
const ids = (max: number) =>
  z
    .array(z.string().min(1).max(200))
    .min(1, { message: 'select at least one database' })
    .max(max, { message: `at most ${max} databases at once` })
    .transform((list) => [...new Set(list)]);

function planRequest(r: RequestInput): PlanRequest {
  switch (r.kind) {
    case 'migrate-latest':
      return { action: 'migrate' };
    case 'migrate-to':
      return { action: 'migrate', to: r.version };
    case 'rollback-steps':
      return { action: 'rollback', steps: r.steps };
    case 'rollback-to':
      return { action: 'rollback', to: r.version };
  }
}

function selectionOf(list: string[]): Selection {
  return { host: list.includes('host'), tenants: list.filter((id) => id !== 'host') };
}

export const previewAction = guardedAction(
  { action: 'preview', role: 'viewer', schema: z.object({ ids: ids(MAX_SELECTION), request: requestSchema }) },
  async ({ ids, request }): Promise<PreviewData> => {
    const { previews, invalid } = await getEngine().preview(selectionOf(ids), planRequest(request), {}, DASHBOARD_CONCURRENCY);
    const groups = new Map<string, PlanGroup>();
    const steps = new Map<string, StepView>();
    const databases: PreviewDatabase[] = previews.map(({ target, plan, error }) => {
      const base = { id: target.id, kind: target.kind, name: target.name, database: target.database };
      if (!plan) {
        return { ...base, current: null, target: null, steps: 0, group: null, status: 'error', refusals: [], notes: [], error: error ?? 'not read' };
      }
      let group: string | null = null;
      if (!plan.refusals.length && plan.steps.length) {
        const keys = plan.steps.map((s) => `${s.direction}:${s.version}:${s.checksum}`);
        group = keys.join('|');
        for (const [i, s] of plan.steps.entries()) {
          const seen = steps.get(keys[i]);
          if (seen) seen.databases++;
          else {
            steps.set(keys[i], {
              key: keys[i],
              databases: 1,
              direction: s.direction,
              version: s.version,
              name: s.name,
              file: s.file,
              noTransaction: s.noTransaction,
              checksum: s.checksum,
              sql: highlightSql(s.sql.trimEnd()),
            });
          }
        }
        const g = groups.get(group) ?? { key: group, stepKeys: keys, databaseIds: [] };
        g.databaseIds.push(target.id);
        groups.set(group, g);
      }
      return {
        ...base,
        current: plan.current,
        target: plan.target,
        steps: plan.refusals.length ? 0 : plan.steps.length,
        group,
        status: plan.refusals.length ? 'refused' : plan.steps.length ? 'changes' : 'nothing',
        refusals: plan.refusals.map((r) => ({ message: r.message, hint: r.hint })),
        notes: plan.notes,
        error: null,
      };
    });
    for (const bad of invalid) {
      databases.push({ id: bad.id, kind: 'tenant', name: bad.name, database: '', current: null, target: null, steps: 0, group: null, status: 'error', refusals: [], notes: [], error: `invalid tenant row: ${bad.problem}` });
    }
    const sortedGroups = [...groups.values()].sort((a, b) => b.databaseIds.length - a.databaseIds.length);
    const sortedSteps = [...steps.values()].sort((a, b) => (a.direction === b.direction ? (a.direction === 'up' ? a.version - b.version : b.version - a.version) : a.direction === 'up' ? -1 : 1));
    return { request, description: describeRequest(request), databases, groups: sortedGroups, steps: sortedSteps };
  },
);

export const rehearseAction = guardedAction(
  { action: 'rehearse', role: 'operator', schema: z.object({ ids: ids(MAX_REHEARSAL_DATABASES), request: requestSchema }) },
  async ({ ids, request }, ctx): Promise<RehearsalData> => {
    const settings = { lockTimeoutMs: DEFAULT_REHEARSAL_OPTIONS.lockTimeoutMs, statementTimeoutMs: DEFAULT_REHEARSAL_OPTIONS.statementTimeoutMs };
    await ctx.audit({ outcome: 'allowed', detail: { request: describeRequest(request), databases: ids.length, ids } });
    const { results, invalid } = await rehearse(getEngine(), selectionOf(ids), planRequest(request), {}, { concurrency: DASHBOARD_CONCURRENCY, ...settings });
    return {
      request,
      settings,
      databases: [
        ...results.map((r) => ({
          id: r.target.id,
          kind: r.target.kind,
          name: r.target.name,
          outcome: r.outcome,
          steps: r.steps.map((s) => ({ direction: s.direction, version: s.version, name: s.name, status: s.status, ms: s.ms, note: s.note })),
          error: r.error ? { message: r.error.message, sqlstate: r.error.sqlstate, version: r.error.version, file: r.error.file, line: r.error.line } : null,
          diff: r.diff
            ? {
                added: r.diff.added.map(({ kind, name, definition, children }) => ({ kind, name, definition, children: children.map(({ kind, name, definition }) => ({ kind, name, definition })) })),
                removed: r.diff.removed.map(({ kind, name, definition, children }) => ({ kind, name, definition, children: children.map(({ kind, name, definition }) => ({ kind, name, definition })) })),
                changed: r.diff.changed.map(({ kind, name, before, after }) => ({ kind, name, before, after })),
              }
            : null,
          notes: [
            ...r.notes,
            ...(r.outcome === 'refused' ? (r.plan?.refusals ?? []).map((x) => `${x.message} (fix: ${x.hint})`) : []),
          ],
          durationMs: r.durationMs,
        })),
        ...invalid.map((bad) => ({
          id: bad.id,
          kind: 'tenant' as const,
          name: bad.name,
          outcome: 'unreachable' as const,
          steps: [],
          error: { message: `invalid tenant row: ${bad.problem}`, sqlstate: null, version: null, file: null, line: null },
          diff: null,
          notes: [],
          durationMs: 0,
        })),
      ],
    };
  },
);

export const startRunAction = guardedAction(
  {
    action: (raw) => (String((raw as { request?: { kind?: unknown } })?.request?.kind ?? '').startsWith('rollback') ? 'rollback' : 'migrate'),
    attempted: (raw) => {
      const r = raw as { ids?: unknown; request?: unknown };
      return { request: JSON.parse(JSON.stringify(r?.request ?? null)), databases: Array.isArray(r?.ids) ? r.ids.length : null };
    },
    role: 'operator',
    schema: z.object({ ids: ids(MAX_SELECTION), request: requestSchema, confirmCount: z.number().int().min(1) }),
  },
  async ({ ids, request, confirmCount }, ctx): Promise<{ runId: string; databases: number }> => {
    const action = isRollback(request) ? 'rollback' : 'migrate';
    if (confirmCount !== ids.length) {
      await ctx.audit({ action, outcome: 'refused', detail: { reason: 'confirmation does not match the selection', confirmCount, databases: ids.length } });
      throw new Error(`the confirmation was for ${confirmCount} databases but ${ids.length} were sent: preview again`);
    }
    const engine = getEngine();
    const { runId, targets } = await engine.startRun(
      selectionOf(ids),
      { request: planRequest(request), planOptions: {} },
      { requestedBy: ctx.user.email, source: 'dashboard' },
    );
    await ctx.audit({ action, outcome: 'allowed', detail: { runId, request: describeRequest(request), databases: targets.length, ids } });
    runInBackground(runId);
    revalidatePath('/runs');
    return { runId, databases: targets.length };
  },
);

/** Reads every database now (bounded per server) and refreshes the snapshot the matrix shows. */
export const refreshStatusAction = guardedAction({ action: 'refresh-status', role: 'viewer', schema: z.undefined().or(z.null()) }, async () => {
  await refreshMatrix();
  revalidatePath('/');
  return null;
});
