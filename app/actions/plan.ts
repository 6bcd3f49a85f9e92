'use server';
// Preview, rehearse, apply and roll back: thin calls into the engine, behind guardedAction.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { DEFAULT_REHEARSAL_OPTIONS, selectionOf, type PlanRequest } from '@/lib/engine';
import { previewView, rehearsalView } from '@/lib/views/plan';
import { describeRequest, isRollback, MAX_REHEARSAL_DATABASES, MAX_SELECTION, type PreviewData, type RehearsalData, type RequestInput } from '@/lib/views/plan-types';
import { DASHBOARD_CONCURRENCY, getEngine, runInBackground } from '@/app/lib/server/engine';
import { refreshMatrix } from '@/app/lib/server/matrix';
import { guardedAction } from '../lib/action';

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

export const previewAction = guardedAction(
  { action: 'preview', role: 'viewer', schema: z.object({ ids: ids(MAX_SELECTION), request: requestSchema }) },
  async ({ ids, request }): Promise<PreviewData> => {
    const { previews, invalid } = await getEngine().preview(selectionOf({ ids }), planRequest(request), {}, DASHBOARD_CONCURRENCY);
    return previewView(request, previews, invalid);
  },
);

export const rehearseAction = guardedAction(
  { action: 'rehearse', role: 'operator', schema: z.object({ ids: ids(MAX_REHEARSAL_DATABASES), request: requestSchema }) },
  async ({ ids, request }, ctx): Promise<RehearsalData> => {
    const settings = { lockTimeoutMs: DEFAULT_REHEARSAL_OPTIONS.lockTimeoutMs, statementTimeoutMs: DEFAULT_REHEARSAL_OPTIONS.statementTimeoutMs };
    await ctx.audit({ outcome: 'allowed', detail: { request: describeRequest(request), databases: ids.length, ids } });
    const report = await getEngine().rehearse(selectionOf({ ids }), planRequest(request), {}, { concurrency: DASHBOARD_CONCURRENCY, ...settings });
    return rehearsalView(request, report, settings);
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
      selectionOf({ ids }),
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
