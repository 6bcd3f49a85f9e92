// baseline and repair: runs that only write history rows (no SQL of any migration runs).
import os from 'node:os';
import { problemsOfRow, problemText, selectionOf, UsageError, type DatabasePreview, type DatabaseTarget, type Engine, type PlanRequest, type Selection, type Tool } from '../../engine';
import { recordAudit } from '../../auth/audit';
import type { CommandContext } from '../run-command';
import { color, formatProblem, formatTable, out, plural, printJson } from '../output';

interface RecordOptions {
  tenant?: string[];
  host?: boolean;
  dryRun?: boolean;
  json?: boolean;
  concurrency: number;
  lockWait: number;
}

export interface BaselineOptions extends RecordOptions {
  to?: number;
  fromHistory?: string;
}

export interface RepairOptions extends RecordOptions {
  acceptChecksum: number;
  reason?: string;
}

/** `--tenant ID`… and `--host` name exactly those databases; neither means the host and every tenant. */
function selectionFromFlags(o: RecordOptions): Selection {
  return selectionOf({ ids: [...(o.tenant ?? []), ...(o.host ? ['host'] : [])] });
}

export async function baselineCommand(ctx: CommandContext, o: BaselineOptions): Promise<number> {
  if ((o.to === undefined) === (o.fromHistory === undefined)) {
    throw new UsageError('baseline needs exactly one of --to N and --from-history TOOL', 'e.g. fastmigrate baseline --to 12, or fastmigrate baseline --from-history flyway');
  }
  const engine = ctx.engine();
  const selection = selectionFromFlags(o);
  if (o.to !== undefined) return recordRun(ctx, engine, o, selection, { action: 'baseline', to: o.to }, {}, []);
  const { requests, refused } = await engine.baselineFromHistory(selection, o.fromHistory as Tool, o.concurrency);
  const ids = Object.keys(requests);
  if (!ids.length && refused.length) {
    return recordRun(ctx, engine, o, null, { action: 'baseline', versions: [] }, requests, refused);
  }
  const narrowed = selectionOf({ ids });
  return recordRun(ctx, engine, o, narrowed, { action: 'baseline', versions: [] }, requests, refused);
}

export async function repairCommand(ctx: CommandContext, o: RepairOptions): Promise<number> {
  const reason = o.reason?.trim();
  if (!reason) throw new UsageError('repair needs --reason TEXT: why the edited file is accepted', 'e.g. --reason "comment typo fixed after release"');
  return recordRun(ctx, ctx.engine(), o, selectionFromFlags(o), { action: 'repair', version: o.acceptChecksum, reason }, {}, []);
}

interface Refused {
  target: DatabaseTarget;
  message: string;
  hint: string;
}

async function recordRun(
  ctx: CommandContext,
  engine: Engine,
  o: RecordOptions,
  selection: Selection | null,
  request: PlanRequest,
  perDatabase: Record<string, PlanRequest>,
  refused: Refused[],
): Promise<number> {
  const action = request.action;
  const requestFor = (t: DatabaseTarget) => perDatabase[t.id] ?? request;
  if (o.dryRun) {
    const { previews, invalid } = selection ? await engine.preview(selection, requestFor, {}, o.concurrency) : { previews: [], invalid: [] };
    printPreview(ctx, previews, refused, invalid);
    return previews.some((p) => p.plan?.refusals.length) || refused.length ? 2 : previews.some((p) => p.error) || invalid.length ? 1 : 0;
  }
  const run = selection
    ? await engine.startRun(selection, { request, planOptions: {}, perDatabase, timeouts: { lockWaitMs: o.lockWait * 1000 } }, { source: 'cli' })
    : null;
  if (run) await engine.executeRun(run.runId, { concurrency: o.concurrency });
  const rows = run ? (await engine.getRun(run.runId))!.databases : [];
  const failed = rows.filter((r) => r.status === 'failed');
  await recordAudit(engine.host.db, {
    actor: null,
    action,
    outcome: 'allowed',
    origin: `cli ${os.userInfo().username}@${os.hostname()}`,
    detail: {
      runId: run?.runId ?? null,
      request,
      databases: rows.map((r) => ({ id: r.databaseId, status: r.status, to: r.toVersion })),
      refused: refused.map((r) => ({ id: r.target.id, message: r.message })),
    },
  });

  if (ctx.json) {
    printJson({
      runId: run?.runId ?? null,
      action,
      databases: [
        ...rows.map((r) => {
          const problems = problemsOfRow(r);
          return {
            id: r.databaseId,
            kind: r.kind,
            name: r.name,
            status: r.status,
            from: r.fromVersion,
            to: r.toVersion,
            recorded: r.stepsApplied,
            error: problems.length ? problems.map(problemText).join('\n') : null,
            errorKind: r.errorKind,
            message: r.message,
          };
        }),
        ...refused.map((r) => ({ id: r.target.id, kind: r.target.kind, name: r.target.name, status: 'failed', errorKind: 'refused', error: `${r.message}\n  fix: ${r.hint}` })),
        ...(run?.invalid ?? []).map((t) => ({ id: t.id, kind: 'tenant', name: t.name, status: 'failed', error: t.problem, errorKind: 'invalid' })),
      ],
    });
  } else {
    const changed = rows.filter((r) => r.status !== 'skipped');
    if (changed.length) {
      out(
        formatTable(changed, [
          { header: 'DATABASE', value: (r) => (r.kind === 'host' ? color.bold('host') : r.databaseId) },
          { header: 'RESULT', value: (r) => (r.status === 'failed' ? color.red(r.errorKind === 'refused' ? 'refused' : 'failed') : color.green(action === 'baseline' ? 'baselined' : 'repaired')) },
          { header: 'VERSION', value: (r) => (r.toVersion === null ? '–' : String(r.toVersion)) },
          { header: 'RECORDED', value: (r) => String(r.stepsApplied), align: 'right' },
        ]),
      );
    }
    for (const r of rows.filter((r) => r.message)) out(`\n${r.kind === 'host' ? 'host' : r.databaseId}: ${r.message!.replace(/\n/g, '\n  ')}`);
    for (const r of failed) for (const p of problemsOfRow(r)) out(`\n${formatProblem(p)}`);
    for (const r of refused) out(`\n${color.red(r.target.kind === 'host' ? 'host' : r.target.id)}: refused: ${r.message}\n  fix: ${r.hint}`);
    for (const t of run?.invalid ?? []) out(`\n${color.red(t.id)}: skipped, invalid tenant row: ${t.problem}`);
    const done = rows.filter((r) => r.status === 'applied').length;
    out(
      `\n${plural(rows.length + refused.length, 'database')}: ${done} ${action === 'baseline' ? 'baselined' : 'repaired'}, ` +
        `${rows.filter((r) => r.status === 'skipped').length} unchanged, ${failed.length + refused.length} refused or failed; no migration SQL was run` +
        (run ? ` ${color.dim(`(run ${run.runId})`)}` : ''),
    );
  }
  if (failed.some((r) => r.errorKind === 'refused') || refused.length) return 2;
  return failed.length || run?.invalid.length ? 1 : 0;
}

function printPreview(ctx: CommandContext, previews: DatabasePreview[], refused: Refused[], invalid: { id: string; name: string; problem: string }[]) {
  if (ctx.json) {
    printJson({
      dryRun: true,
      databases: [
        ...previews.map(({ target, plan, error }) => ({
          id: target.id,
          kind: target.kind,
          name: target.name,
          current: plan?.current ?? null,
          target: plan?.target ?? null,
          record: plan?.steps.map((s) => ({ version: s.version, name: s.name, file: s.file, checksum: s.checksum })) ?? [],
          refusals: plan?.refusals ?? [],
          notes: plan?.notes ?? [],
          error,
        })),
        ...refused.map((r) => ({ id: r.target.id, kind: r.target.kind, name: r.target.name, refusals: [{ message: r.message, hint: r.hint }] })),
      ],
      invalid,
    });
    return;
  }
  for (const { target, plan, error } of previews) {
    const title = target.kind === 'host' ? 'host' : `tenant ${target.id} (${target.name})`;
    if (error || !plan) out(`${color.red('✗')} ${title}: ${color.red(error ?? 'not read')}`);
    else if (plan.refusals.length) out(`${color.red('✗')} ${title}: refused\n${plan.refusals.map((r) => `    ${r.message}\n    fix: ${r.hint}`).join('\n')}`);
    else if (!plan.steps.length) out(`  ${title}: nothing to record${plan.notes.length ? ` (${plan.notes.join('; ')})` : ''}`);
    else out(`  ${title}: would record as applied, without running: ${plan.steps.map((s) => s.name).join(', ')}`);
  }
  for (const r of refused) out(`${color.red('✗')} ${r.target.kind === 'host' ? 'host' : `tenant ${r.target.id}`}: refused: ${r.message}\n    fix: ${r.hint}`);
  for (const t of invalid) out(`${color.red('✗')} ${t.id}: invalid tenant row: ${t.problem}`);
  out('\nDry run: nothing was written.');
}
