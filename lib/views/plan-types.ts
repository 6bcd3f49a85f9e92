// Shapes the plan actions send to the browser. Pure: imported by client components too.
import type { PlanRequest, Problem } from '../engine';
import type { Segment } from './highlight';

export type RequestInput =
  | { kind: 'migrate-latest' }
  | { kind: 'migrate-to'; version: number }
  | { kind: 'rollback-steps'; steps: number }
  | { kind: 'rollback-to'; version: number };

export type RequestKind = RequestInput['kind'];

export const ACTION_LABELS: Record<RequestKind, string> = {
  'migrate-latest': 'Migrate to latest',
  'migrate-to': 'Migrate to version…',
  'rollback-steps': 'Roll back steps…',
  'rollback-to': 'Roll back to version…',
};

export function needsNumber(kind: RequestKind): boolean {
  return kind !== 'migrate-latest';
}

export function requestFrom(kind: RequestKind, n: number): RequestInput {
  switch (kind) {
    case 'migrate-latest':
      return { kind };
    case 'migrate-to':
      return { kind, version: n };
    case 'rollback-steps':
      return { kind, steps: Math.max(1, n) };
    case 'rollback-to':
      return { kind, version: n };
  }
}

export function requestParams(r: RequestInput): string {
  const p = new URLSearchParams({ action: r.kind });
  if (r.kind === 'migrate-to' || r.kind === 'rollback-to') p.set('n', String(r.version));
  if (r.kind === 'rollback-steps') p.set('n', String(r.steps));
  return p.toString();
}

export function parseRequestParams(params: URLSearchParams | Record<string, string | undefined>): RequestInput | null {
  const get = (k: string) => (params instanceof URLSearchParams ? params.get(k) : params[k]) ?? undefined;
  const kind = get('action') as RequestKind | undefined;
  if (!kind || !(kind in ACTION_LABELS)) return null;
  const n = Number(get('n'));
  if (needsNumber(kind) && !(Number.isInteger(n) && n >= 0)) return null;
  return requestFrom(kind, n);
}

export function isRollback(r: RequestInput): boolean {
  return r.kind === 'rollback-steps' || r.kind === 'rollback-to';
}

export function describeRequest(r: RequestInput): string {
  switch (r.kind) {
    case 'migrate-latest':
      return 'migrate to the latest version';
    case 'migrate-to':
      return `migrate to version ${r.version}`;
    case 'rollback-steps':
      return `roll back ${r.steps} step${r.steps === 1 ? '' : 's'}`;
    case 'rollback-to':
      return `roll back to version ${r.version}`;
  }
}

/** The engine's PlanRequest (as stored with a run) in the same words. */
export function describePlanRequest(request: PlanRequest | null | undefined): string {
  if (!request) return 'unknown';
  if (request.action === 'migrate') return request.to === undefined ? 'migrate to latest' : `migrate to ${request.to}`;
  if (request.action === 'baseline') return 'to' in request ? `baseline to ${request.to}` : 'baseline from history';
  if (request.action === 'repair') return `repair version ${request.version}`;
  return request.to !== undefined ? `roll back to ${request.to}` : `roll back ${request.steps ?? 1} step${(request.steps ?? 1) === 1 ? '' : 's'}`;
}

export interface StepView {
  /** direction + version + checksum: the same key means the same SQL. */
  key: string;
  /** How many of the previewed databases run this step. */
  databases: number;
  direction: 'up' | 'down';
  version: number;
  name: string;
  file: string | null;
  noTransaction: boolean;
  checksum: string;
  sql: Segment[];
}

/** Databases whose plans are identical (same steps, same SQL) share one group. */
export interface PlanGroup {
  key: string;
  /** Keys of `PreviewData.steps`, in the order they run. */
  stepKeys: string[];
  databaseIds: string[];
}

export type PreviewStatus = 'changes' | 'nothing' | 'refused' | 'error';

export interface PreviewDatabase {
  id: string;
  kind: 'host' | 'tenant';
  name: string;
  database: string;
  current: number | null;
  target: number | null;
  steps: number;
  group: string | null;
  status: PreviewStatus;
  refusals: Array<{ message: string; hint: string }>;
  notes: string[];
  error: string | null;
}

export interface PreviewData {
  request: RequestInput;
  description: string;
  databases: PreviewDatabase[];
  groups: PlanGroup[];
  /** Every distinct step of every plan, each once, with its SQL. */
  steps: StepView[];
}

export type RehearsalOutcomeView = 'succeeded' | 'failed' | 'partial' | 'nothing-to-do' | 'refused' | 'not-rehearsable' | 'locked' | 'unreachable';

export interface RehearsalStepView {
  direction: 'up' | 'down';
  version: number;
  name: string;
  status: 'succeeded' | 'failed' | 'not-rehearsable' | 'not-run';
  ms: number | null;
  note: string | null;
}

export interface DiffItem {
  kind: string;
  name: string;
  definition: string;
  children: Array<{ kind: string; name: string; definition: string }>;
}

export interface DiffView {
  added: DiffItem[];
  removed: DiffItem[];
  changed: Array<{ kind: string; name: string; before: string; after: string }>;
}

export interface RehearsalDatabase {
  id: string;
  kind: 'host' | 'tenant';
  name: string;
  outcome: RehearsalOutcomeView;
  steps: RehearsalStepView[];
  error: Problem | null;
  diff: DiffView | null;
  notes: string[];
  durationMs: number;
}

export interface RehearsalData {
  request: RequestInput;
  databases: RehearsalDatabase[];
  settings: { lockTimeoutMs: number; statementTimeoutMs: number };
}

export const MAX_REHEARSAL_DATABASES = 200;
export const MAX_SELECTION = 10_000;
