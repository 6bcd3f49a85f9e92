'use server';
// Repair from the dashboard: a thin call into the engine, admin only, behind guardedAction.
import { revalidatePath } from 'next/cache';
import { z } from 'zod';
import { selectionOf } from '@/lib/engine';
import { getEngine, runInBackground } from '@/app/lib/server/engine';
import { guardedAction } from '../lib/action';

export const repairAction = guardedAction(
  {
    action: 'repair',
    role: 'admin',
    schema: z.object({
      id: z.string().min(1).max(200),
      version: z.number().int().min(1).max(Number.MAX_SAFE_INTEGER),
      reason: z.string().trim().min(1, { message: 'say why the edited file is accepted' }).max(500),
      // The admin ticked "a history row is added and no SQL runs".
      confirmed: z.literal(true),
    }),
  },
  async ({ id, version, reason }, ctx): Promise<{ runId: string }> => {
    const { runId } = await getEngine().startRun(
      selectionOf({ ids: [id] }),
      { request: { action: 'repair', version, reason }, planOptions: {} },
      { requestedBy: ctx.user.email, source: 'dashboard' },
    );
    await ctx.audit({ outcome: 'allowed', detail: { runId, id, version, reason } });
    runInBackground(runId);
    revalidatePath('/runs');
    return { runId };
  },
);
