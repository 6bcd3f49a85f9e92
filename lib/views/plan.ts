// Pure: the plan page's data — a preview grouped into distinct plans and steps, and a rehearsal's
// results — built from what the engine returns. What the server actions send to the browser.
import { problem, type DatabasePreview, type InvalidTenant, type RehearsalReport } from '../engine';
import { highlightSql } from './highlight';
import { describeRequest, type PlanGroup, type PreviewData, type PreviewDatabase, type RehearsalData, type RequestInput, type StepView } from './plan-types';

export function previewView(request: RequestInput, previews: readonly DatabasePreview[], invalid: readonly InvalidTenant[]): PreviewData {
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
  const sortedSteps = [...steps.values()].sort(stepOrder);
  return { request, description: describeRequest(request), databases, groups: sortedGroups, steps: sortedSteps };
}

/** UP steps in version order, then DOWN steps newest first: the order they run in. */
function stepOrder(a: StepView, b: StepView): number {
  if (a.direction !== b.direction) return a.direction === 'up' ? -1 : 1;
  return a.direction === 'up' ? a.version - b.version : b.version - a.version;
}

export function rehearsalView(request: RequestInput, report: RehearsalReport, settings: RehearsalData['settings']): RehearsalData {
  return {
    request,
    settings,
    databases: [
      ...report.results.map((r) => ({
        id: r.target.id,
        kind: r.target.kind,
        name: r.target.name,
        outcome: r.outcome,
        steps: r.steps.map((s) => ({ direction: s.direction, version: s.version, name: s.name, status: s.status, ms: s.ms, note: s.note })),
        error: r.error,
        diff: r.diff
          ? {
              added: r.diff.added.map(({ kind, name, definition, children }) => ({ kind, name, definition, children: children.map(({ kind, name, definition }) => ({ kind, name, definition })) })),
              removed: r.diff.removed.map(({ kind, name, definition, children }) => ({ kind, name, definition, children: children.map(({ kind, name, definition }) => ({ kind, name, definition })) })),
              changed: r.diff.changed.map(({ kind, name, before, after }) => ({ kind, name, before, after })),
            }
          : null,
        notes: [...r.notes, ...(r.outcome === 'refused' ? (r.plan?.refusals ?? []).map((x) => `${x.message} (fix: ${x.hint})`) : [])],
        durationMs: r.durationMs,
      })),
      ...report.invalid.map((bad) => ({
        id: bad.id,
        kind: 'tenant' as const,
        name: bad.name,
        outcome: 'unreachable' as const,
        steps: [],
        error: problem('invalid', `invalid tenant row: ${bad.problem}`, { database: bad.id }),
        diff: null,
        notes: [],
        durationMs: 0,
      })),
    ],
  };
}
