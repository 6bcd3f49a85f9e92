// migrate and rollback: the same flow with a different request (DESIGN §6).
import { problemsOfRow, problemText, type DatabasePreview, type PlanOptions, type PlanRequest, type RunSpec } from '../../engine';
import type { CommandContext } from '../run-command';
import { color, duration, formatProblem, formatTable, out, plural, printJson } from '../output';
import { createProgress } from '../progress';
import { selectionFrom, type SelectionOptions } from '../selection';

interface ApplyOptions extends SelectionOptions {
  dryRun?: boolean;
  to?: number;
  steps?: number;
  json?: boolean;
  concurrency: number;
  allowOutOfOrder?: boolean;
  forceEditedDown?: boolean;
  enqueue?: boolean;
  lockWait: number;
  lockTimeout: number;
  statementTimeout: number;
}

export function migrateCommand(ctx: CommandContext, o: ApplyOptions) {
  return apply(ctx, o, { action: 'migrate', to: o.to }, { allowOutOfOrder: o.allowOutOfOrder });
}

export function rollbackCommand(ctx: CommandContext, o: ApplyOptions) {
  const request: PlanRequest = o.to !== undefined ? { action: 'rollback', to: o.to } : { action: 'rollback', steps: o.steps ?? 1 };
  return apply(ctx, o, request, { allowEditedDown: o.forceEditedDown });
}

async function apply(ctx: CommandContext, o: ApplyOptions, request: PlanRequest, planOptions: PlanOptions): Promise<number> {
  const engine = ctx.engine();
  const selection = selectionFrom(o);
  if (o.dryRun) {
    const { previews, invalid } = await engine.preview(selection, request, planOptions, o.concurrency);
    printDryRun(ctx, previews, invalid);
    if (previews.some((p) => p.plan?.refusals.length)) return 2;
    return previews.some((p) => p.error) || invalid.length ? 1 : 0;
  }

  const spec: RunSpec = {
    request,
    planOptions,
    timeouts: { lockWaitMs: o.lockWait * 1000, lockTimeoutMs: o.lockTimeout, statementTimeoutMs: o.statementTimeout },
  };
  const started = performance.now();
  const { runId, targets, invalid } = await engine.startRun(selection, spec, { source: 'cli' });
  if (o.enqueue) {
    if (ctx.json) printJson({ runId, databases: targets.length });
    else out(`queued run ${runId} for ${plural(targets.length, 'database')}: \`fastmigrate worker\` processes will carry it out`);
    return invalid.length ? 1 : 0;
  }
  const progress = createProgress(targets.length, request.action === 'migrate' ? 'migrating' : 'rolling back');
  try {
    await engine.executeRun(runId, { concurrency: o.concurrency, onEvent: (e) => progress.onEvent(e) });
  } finally {
    progress.stop();
  }
  const run = (await engine.getRun(runId))!;
  const elapsed = performance.now() - started;
  const rows = run.databases;
  const failed = rows.filter((r) => r.status === 'failed');
  const refused = failed.filter((r) => r.errorKind === 'refused');

  if (ctx.json) {
    printJson({
      runId,
      action: request.action,
      durationMs: Math.round(elapsed),
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
            steps: r.stepsApplied,
            error: problems.length ? problems.map(problemText).join('\n') : null,
            errorKind: r.errorKind,
            sqlstate: r.sqlstate,
            errorVersion: r.errorVersion,
            problems,
            // Notes worth keeping: an edited DOWN run on purpose, lock_timeout retries, a DOWN taken from history.
            message: r.message,
          };
        }),
        ...invalid.map((t) => ({ id: t.id, kind: 'tenant', name: t.name, status: 'failed', error: t.problem, errorKind: 'invalid' })),
      ],
    });
  } else {
    const changed = rows.filter((r) => r.status !== 'skipped');
    if (changed.length) {
      out(
        formatTable(changed, [
          { header: 'DATABASE', value: (r) => (r.kind === 'host' ? color.bold('host') : r.databaseId) },
          { header: 'RESULT', value: (r) => (r.status === 'failed' ? color.red(r.errorKind === 'refused' ? 'refused' : 'failed') : color.green(r.status)) },
          { header: 'VERSION', value: (r) => versionChange(r.fromVersion, r.toVersion) },
          { header: 'STEPS', value: (r) => String(r.stepsApplied), align: 'right' },
        ]),
      );
    }
    for (const r of rows.filter((r) => r.status !== 'skipped' && r.message)) {
      out(`\n${color.yellow(r.kind === 'host' ? 'host' : r.databaseId)}: ${color.yellow('note:')} ${r.message!.replace(/\n/g, '\n  ')}`);
    }
    for (const r of failed) for (const p of problemsOfRow(r)) out(`\n${formatProblem(p)}`);
    for (const t of invalid) out(`\n${color.red(t.id)}: skipped, invalid tenant row: ${t.problem}`);
    const counts = [
      `${rows.filter((r) => r.status === 'applied').length} ${request.action === 'migrate' ? 'migrated' : 'rolled back'}`,
      `${rows.filter((r) => r.status === 'skipped').length} unchanged`,
      failed.length + invalid.length ? color.red(`${failed.length + invalid.length} failed`) : '0 failed',
    ];
    out(`\n${plural(rows.length + invalid.length, 'database')}: ${counts.join(', ')} in ${duration(elapsed)} ${color.dim(`(run ${runId})`)}`);
  }
  if (refused.length) return 2;
  return failed.length || invalid.length ? 1 : 0;
}

function versionChange(from: number | null, to: number | null): string {
  if (from === null || to === null) return '–';
  return from === to ? String(from) : `${from} → ${to}`;
}

function printDryRun(ctx: CommandContext, previews: DatabasePreview[], invalid: { id: string; name: string; problem: string }[]) {
  if (ctx.json) {
    printJson({
      dryRun: true,
      databases: previews.map(({ target, plan, error }) => ({
        id: target.id,
        kind: target.kind,
        name: target.name,
        current: plan?.current ?? null,
        target: plan?.target ?? null,
        steps: plan?.steps.map((s) => ({ direction: s.direction, version: s.version, name: s.name, file: s.file, noTransaction: s.noTransaction, sql: s.sql })) ?? [],
        refusals: plan?.refusals ?? [],
        notes: plan?.notes ?? [],
        error,
      })),
      invalid,
    });
    return;
  }
  let total = 0;
  for (const { target, plan, error } of previews) {
    const title = target.kind === 'host' ? `host (${target.database})` : `tenant ${target.id} (${target.name})`;
    if (error || !plan) {
      out(`${color.red('✗')} ${color.bold(title)}: ${color.red(error ?? 'not read')}`);
      continue;
    }
    if (plan.refusals.length) {
      out(`${color.red('✗')} ${color.bold(title)}: refused`);
      for (const r of plan.refusals) out(`    ${r.message}\n    ${color.dim('fix:')} ${r.hint}`);
      continue;
    }
    if (!plan.steps.length) {
      out(`${color.dim('·')} ${color.bold(title)}: nothing to do at version ${plan.current}${plan.notes.length ? ` (${plan.notes.join('; ')})` : ''}`);
      continue;
    }
    total += plan.steps.length;
    out(`${color.cyan('▸')} ${color.bold(title)}: version ${plan.current} → ${plan.target}, ${plural(plan.steps.length, 'step')}`);
    for (const step of plan.steps) {
      const tx = step.noTransaction ? ' (outside a transaction)' : '';
      out(color.dim(`-- ${step.direction.toUpperCase()} ${step.name}${step.file ? ` (${step.file})` : ' (DOWN kept in history)'}${tx}`));
      out(step.sql.trimEnd() + '\n');
    }
    for (const note of plan.notes) out(color.yellow(`   note: ${note}`));
  }
  for (const t of invalid) out(`${color.red('✗')} ${color.bold(`tenant ${t.id}`)}: invalid tenant row: ${t.problem}`);
  out(color.dim(`\ndry run: ${plural(total, 'step')} on ${plural(previews.filter((p) => p.plan?.steps.length).length, 'database')} would run; nothing was changed.`));
}
