import type { Metadata } from 'next';
import { requireUser } from '../../lib/session';
import { parseRequestParams } from '@/lib/views/plan-types';
import { PlanView } from '../../ui/plan/plan-view';

export const metadata: Metadata = { title: 'Plan' };

export default async function PlanPage({ searchParams }: { searchParams: Promise<Record<string, string | string[] | undefined>> }) {
  const user = await requireUser();
  const params = await searchParams;
  const flat = Object.fromEntries(Object.entries(params).map(([k, v]) => [k, Array.isArray(v) ? v[0] : v]));
  // `?id=acme&id=globex`: databases named in the URL (links from a database page) instead of the selection.
  const urlIds = ([] as string[]).concat(params.id ?? []).map((s) => s.trim()).filter(Boolean);
  return <PlanView role={user.role} urlIds={urlIds.length ? urlIds : null} initialRequest={parseRequestParams(flat)} />;
}
